package io.github.moqmux.net.ws;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxConnection;
import io.github.moqmux.net.mux.MuxRecvStream;
import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.mux.MuxStreamException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MuxConnection} over one WebSocket, in the qmux-00 or the legacy framing. All state
 * lives on the channel's event loop; public methods hop onto it.
 *
 * <p>Sending: streams with queued bytes wait in a round-robin queue; each turn puts one STREAM
 * frame of at most {@link Framing#MAX_STREAM_PAYLOAD} bytes into one WebSocket message, within the
 * peer's stream and connection credit (qmux), and only while the channel is writable, so bytes
 * beyond credit or socket stay in the stream ({@link MuxSendStream#queuedBytes()}).
 *
 * <p>Receiving: credit is granted back (MAX_STREAM_DATA, MAX_DATA, MAX_STREAMS) when the
 * application has consumed half a window, as @moq/qmux does; a peer beyond our limits gets a
 * CONNECTION_CLOSE with the QUIC transport error code.
 */
final class WsMuxConnection implements MuxConnection {
    private static final Logger log = LoggerFactory.getLogger(WsMuxConnection.class);

    /** The connection's life. */
    enum State {
        /** Frames flow. */
        OPEN,
        /** Ended; every stream is terminated, the socket is closing. */
        CLOSED
    }

    private final Channel channel;
    private final EventLoop loop;
    private final Framing framing;
    private final boolean flowControl;
    private final boolean server;
    private final Subprotocol subprotocol;
    private final String path;
    private final TransportLimits limits;
    private final CompletableFuture<MuxCloseReason> closeFuture = new CompletableFuture<>();

    private State state = State.OPEN;
    private Handler handler;
    private final List<WsStream> held = new ArrayList<>();
    private final Map<Long, WsStream> streams = new HashMap<>();
    private final ArrayDeque<WsStream> sendQueue = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<MuxStream>> pendingBidi = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<MuxSendStream>> pendingUni = new ArrayDeque<>();
    private boolean flushNeeded;
    private boolean pumpRequested;

    // What the peer allows us (qmux: from its parameters and MAX_* frames).
    private boolean paramsReceived;
    private TransportParameters peer;
    private long sendMaxData;
    private long sentData;
    private long peerMaxBidi;
    private long peerMaxUni;
    private long nextLocalBidi;
    private long nextLocalUni;

    // What we allow the peer.
    private long recvMaxData;
    private long recvData;
    private long recvConsumed;
    private long maxPeerBidi;
    private long maxPeerUni;
    private long nextPeerBidi;
    private long nextPeerUni;
    private long closedPeerBidi;
    private long closedPeerUni;

    WsMuxConnection(Channel channel, Subprotocol subprotocol, boolean server, String path,
                    TransportLimits limits) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.subprotocol = subprotocol;
        this.framing = subprotocol.qmux() ? QmuxFraming.INSTANCE : LegacyFraming.INSTANCE;
        this.flowControl = framing.flowControl();
        this.server = server;
        this.path = path;
        this.limits = limits;
        this.recvMaxData = limits.maxData();
        this.maxPeerBidi = limits.maxStreamsBidi();
        this.maxPeerUni = limits.maxStreamsUni();
        if (!flowControl) {
            sendMaxData = Long.MAX_VALUE;
            peerMaxBidi = Long.MAX_VALUE;
            peerMaxUni = Long.MAX_VALUE;
        }
    }

    /** Sends our transport parameters; the first frame on qmux. Call on the event loop. */
    void start(long idleTimeoutMillis) {
        if (flowControl) {
            sendControl(new WsFrame.Parameters(TransportParameters.of(limits, idleTimeoutMillis)));
            flush();
        }
    }

    Channel channel() {
        return channel;
    }

    /**
     * @return the bytes waiting in this connection's send streams plus Netty's outbound buffer;
     *     call on the event loop (tests measure a stalled peer's cost with it)
     */
    long queuedBytesOnLoop() {
        long q = 0;
        for (WsStream s : streams.values()) {
            q += s.queuedBytes();
        }
        io.netty.channel.ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return q + (out == null ? 0 : out.totalPendingWriteBytes());
    }

    // ---------------------------------------------------------------- MuxConnection

    @Override
    public String protocol() {
        return subprotocol.protocol();
    }

    /** @return the negotiated WebSocket subprotocol, as on the wire */
    String subprotocol() {
        return subprotocol.wire();
    }

    @Override
    public boolean isServer() {
        return server;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Executor executor() {
        return loop;
    }

    @Override
    public void handler(Handler h) {
        run(() -> {
            if (handler != null) {
                throw new IllegalStateException("handler already set");
            }
            handler = h;
            if (state == State.CLOSED) {
                h.onClosed(closeFuture.getNow(null));
                return;
            }
            List<WsStream> early = new ArrayList<>(held);
            held.clear();
            for (WsStream s : early) {
                if (state == State.CLOSED) {
                    break;
                }
                announce(s);
            }
        });
    }

    @Override
    public CompletableFuture<MuxStream> openBidi() {
        CompletableFuture<MuxStream> f = new CompletableFuture<>();
        if (!run(() -> {
            if (state != State.OPEN) {
                f.completeExceptionally(closedException());
                return;
            }
            pendingBidi.add(f);
            openPending();
        })) {
            f.completeExceptionally(closedException());
        }
        return f;
    }

    @Override
    public CompletableFuture<MuxSendStream> openUni() {
        CompletableFuture<MuxSendStream> f = new CompletableFuture<>();
        if (!run(() -> {
            if (state != State.OPEN) {
                f.completeExceptionally(closedException());
                return;
            }
            pendingUni.add(f);
            openPending();
        })) {
            f.completeExceptionally(closedException());
        }
        return f;
    }

    @Override
    public void close(long code, String reason) {
        run(() -> terminate(new MuxCloseReason(code, reason, false, null),
                new WsFrame.Close(code, reason, true)));
    }

    @Override
    public CompletableFuture<MuxCloseReason> closeFuture() {
        return closeFuture;
    }

    @Override
    public String toString() {
        return (server ? "server " : "client ") + subprotocol.wire() + " " + channel.remoteAddress();
    }

    // ---------------------------------------------------------------- threading

    /** Runs on the event loop (now, when already on it); false when the loop is gone. */
    boolean run(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static MoqMuxException closedException() {
        return new MoqMuxException(MoqMuxException.Kind.CONNECTION, "connection closed");
    }

    // ---------------------------------------------------------------- opening streams

    private void openPending() {
        while (state == State.OPEN && !pendingBidi.isEmpty() && nextLocalBidi < peerMaxBidi) {
            CompletableFuture<MuxStream> f = pendingBidi.poll();
            WsStream s = newLocal(true);
            if (!f.complete(s)) {
                resetLocal(s, 0);
            }
        }
        while (state == State.OPEN && !pendingUni.isEmpty() && nextLocalUni < peerMaxUni) {
            CompletableFuture<MuxSendStream> f = pendingUni.poll();
            WsStream s = newLocal(false);
            if (!f.complete(s)) {
                resetLocal(s, 0);
            }
        }
    }

    private WsStream newLocal(boolean bidi) {
        long index = bidi ? nextLocalBidi++ : nextLocalUni++;
        long id = index << 2 | (bidi ? 0 : 2) | (server ? 1 : 0);
        WsStream s = new WsStream(this, id, true, true, bidi);
        if (flowControl) {
            s.sendMax = bidi ? peer.initialMaxStreamDataBidiRemote() : peer.initialMaxStreamDataUni();
            s.recvMax = limits.maxStreamData();
        } else {
            s.sendMax = Long.MAX_VALUE;
        }
        streams.put(id, s);
        return s;
    }

    // ---------------------------------------------------------------- sending

    void enqueue(WsStream s, ByteBuf data, int n) {
        if (s.sendState != WsStream.SendState.OPEN || state != State.OPEN) {
            s.queued.addAndGet(-n);
            data.release();
            return;
        }
        if (n == 0) {
            data.release();
            return;
        }
        s.pending.add(data);
        schedule(s);
        requestPump();
    }

    void finish(WsStream s) {
        if (s.sendState != WsStream.SendState.OPEN || state != State.OPEN) {
            return;
        }
        s.sendState = WsStream.SendState.FINISHING;
        schedule(s);
        requestPump();
    }

    /**
     * Sends soon, in a task of its own: writes and finishes made together (a header and its
     * payload, many subscribers' frames in one callback) then leave in one batch and one flush.
     */
    private void requestPump() {
        if (!pumpRequested) {
            pumpRequested = true;
            loop.execute(() -> {
                pumpRequested = false;
                pump();
            });
        }
    }

    void resetLocal(WsStream s, long code) {
        if (s.sendTerminal() || state != State.OPEN) {
            return;
        }
        s.dropPending();
        s.sendState = WsStream.SendState.RESET;
        sendControl(new WsFrame.ResetStream(s.id(), code, s.sendOffset));
        s.done.completeExceptionally(new MuxStreamException(code, "stream " + s.id() + " reset"));
        flush();
        maybeForget(s);
    }

    private void schedule(WsStream s) {
        if (!s.scheduled && !s.blocked) {
            s.scheduled = true;
            sendQueue.add(s);
        }
    }

    /** Sends what credit and the socket allow, one STREAM frame per stream per turn. */
    void pump() {
        if (state != State.OPEN) {
            return;
        }
        boolean wrote = false;
        while (channel.isWritable() && !sendQueue.isEmpty()) {
            WsStream s = sendQueue.peek();
            if (s.sendState != WsStream.SendState.OPEN && s.sendState != WsStream.SendState.FINISHING) {
                sendQueue.poll();
                s.scheduled = false;
                continue;
            }
            long streamCredit = s.sendMax - s.sendOffset;
            long connCredit = sendMaxData - sentData;
            int n = (int) Math.min(Math.min(pendingBytes(s), Framing.MAX_STREAM_PAYLOAD),
                    Math.min(streamCredit, connCredit));
            boolean hasData = !s.pending.isEmpty();
            if (!hasData && s.sendState != WsStream.SendState.FINISHING) {
                sendQueue.poll();
                s.scheduled = false;
                continue;
            }
            if (hasData && n == 0) {
                if (streamCredit <= 0) {
                    log.trace("{}: {} blocked at {}", this, s, s.sendOffset);
                    sendQueue.poll();
                    s.scheduled = false;
                    s.blocked = true;
                    continue;
                }
                break; // connection credit: everyone waits for MAX_DATA
            }
            sendQueue.poll();
            s.scheduled = false;
            boolean fin = s.sendState == WsStream.SendState.FINISHING && pendingBytes(s) == n;
            writeStream(s, n, fin);
            wrote = true;
            if (fin) {
                s.sendState = WsStream.SendState.FINISHED;
                s.done.complete(null);
                maybeForget(s);
            } else if (!s.pending.isEmpty()) {
                schedule(s);
            }
        }
        if (wrote || flushNeeded) {
            flush();
        }
    }

    private static long pendingBytes(WsStream s) {
        long n = 0;
        for (ByteBuf b : s.pending) {
            n += b.readableBytes();
            if (n > Framing.MAX_STREAM_PAYLOAD) {
                break;
            }
        }
        return n;
    }

    private void writeStream(WsStream s, int n, boolean fin) {
        ByteBuf header = framing.streamHeader(channel.alloc(), s.id(), s.sendOffset, n, fin);
        CompositeByteBuf msg = channel.alloc().compositeBuffer(8);
        msg.addComponent(true, header);
        int left = n;
        while (left > 0) {
            ByteBuf head = s.pending.peek();
            int take = Math.min(left, head.readableBytes());
            if (take == head.readableBytes()) {
                msg.addComponent(true, s.pending.poll());
            } else {
                msg.addComponent(true, head.readRetainedSlice(take));
            }
            left -= take;
        }
        s.sendOffset += n;
        sentData += n;
        s.queued.addAndGet(-n);
        channel.write(new BinaryWebSocketFrame(msg), channel.voidPromise());
    }

    private void sendControl(WsFrame frame) {
        ByteBuf b = framing.encode(channel.alloc(), frame);
        if (b != null) {
            channel.write(new BinaryWebSocketFrame(b), channel.voidPromise());
            flushNeeded = true;
        }
    }

    void flush() {
        flushNeeded = false;
        channel.flush();
    }

    /** After a read batch: sends the credit updates and acknowledgements it produced. */
    void flushIfNeeded() {
        if (flushNeeded) {
            flush();
        }
    }

    // ---------------------------------------------------------------- receiving

    /** One WebSocket binary message; the caller keeps ownership of {@code message}. */
    void onMessage(ByteBuf message) {
        if (state != State.OPEN) {
            return;
        }
        List<WsFrame> frames = new ArrayList<>(2);
        try {
            framing.decode(message, frames);
        } catch (WsProtocolError e) {
            protocolError(e);
            return;
        }
        int i = 0;
        try {
            for (; i < frames.size() && state == State.OPEN; i++) {
                onFrame(frames.get(i));
            }
        } catch (WsProtocolError e) {
            i++;
            protocolError(e);
        } finally {
            for (; i < frames.size(); i++) {
                if (frames.get(i) instanceof WsFrame.Stream st) {
                    st.data().release();
                }
            }
        }
    }

    private void onFrame(WsFrame frame) throws WsProtocolError {
        if (flowControl && !paramsReceived && !(frame instanceof WsFrame.Parameters)
                && !(frame instanceof WsFrame.Close)) {
            if (frame instanceof WsFrame.Stream st) {
                st.data().release();
            }
            throw new WsProtocolError(WsProtocolError.PROTOCOL_VIOLATION,
                    "the first frame must be QX_TRANSPORT_PARAMETERS");
        }
        if (frame instanceof WsFrame.Stream st) {
            onStream(st);
        } else if (frame instanceof WsFrame.Parameters p) {
            onParameters(p.params());
        } else if (frame instanceof WsFrame.ResetStream r) {
            onReset(r);
        } else if (frame instanceof WsFrame.StopSending st) {
            onStopSending(st);
        } else if (frame instanceof WsFrame.MaxData m) {
            if (m.max() > sendMaxData) {
                sendMaxData = m.max();
                pump();
            }
        } else if (frame instanceof WsFrame.MaxStreamData m) {
            onMaxStreamData(m);
        } else if (frame instanceof WsFrame.MaxStreams m) {
            if (m.bidi() && m.max() > peerMaxBidi) {
                peerMaxBidi = m.max();
            } else if (!m.bidi() && m.max() > peerMaxUni) {
                peerMaxUni = m.max();
            }
            openPending();
        } else if (frame instanceof WsFrame.Close c) {
            terminate(new MuxCloseReason(c.code(), c.reason(), true, c.application() ? null
                    : new MoqMuxException(MoqMuxException.Kind.PROTOCOL, "peer closed the connection"
                    + " with transport error 0x" + Long.toHexString(c.code()) + ": " + c.reason())),
                    null);
        }
        // WsFrame.Ignored: nothing to do
    }

    private void onParameters(TransportParameters p) throws WsProtocolError {
        if (paramsReceived) {
            throw new WsProtocolError(WsProtocolError.PROTOCOL_VIOLATION,
                    "second QX_TRANSPORT_PARAMETERS");
        }
        paramsReceived = true;
        peer = p;
        sendMaxData = p.initialMaxData();
        peerMaxBidi = p.initialMaxStreamsBidi();
        peerMaxUni = p.initialMaxStreamsUni();
        openPending();
    }

    private void onMaxStreamData(WsFrame.MaxStreamData m) throws WsProtocolError {
        log.trace("{}: got {}", this, m);
        WsStream s = streams.get(m.id());
        if (s == null) {
            checkKnown(m.id(), true);
            return;
        }
        if (s.sendState == WsStream.SendState.NONE) {
            throw new WsProtocolError(WsProtocolError.STREAM_STATE_ERROR,
                    "MAX_STREAM_DATA for receive-only stream " + m.id());
        }
        if (m.max() > s.sendMax) {
            s.sendMax = m.max();
            if (s.blocked) {
                s.blocked = false;
                schedule(s);
                pump();
            }
        }
    }

    /**
     * For a frame naming a stream we do not hold: fine when it is one of ours or an old peer
     * stream that has ended; an error when it names a stream of ours not opened yet. A new peer
     * stream is opened (and returned) when {@code open} and the frame may open one.
     */
    private WsStream checkKnown(long id, boolean sending) throws WsProtocolError {
        boolean ours = WsStream.isServerInitiated(id) == server;
        boolean bidi = WsStream.isBidi(id);
        long index = id >>> 2;
        if (ours) {
            if (index >= (bidi ? nextLocalBidi : nextLocalUni)) {
                throw new WsProtocolError(WsProtocolError.STREAM_STATE_ERROR,
                        "frame for stream " + id + " that we never opened");
            }
            return null;
        }
        if (sending && !bidi) {
            throw new WsProtocolError(WsProtocolError.STREAM_STATE_ERROR,
                    "frame for the send half of the peer's unidirectional stream " + id);
        }
        return index < (bidi ? nextPeerBidi : nextPeerUni) ? null : openPeer(id);
    }

    private WsStream openPeer(long id) throws WsProtocolError {
        boolean bidi = WsStream.isBidi(id);
        long index = id >>> 2;
        if (flowControl) {
            if (index >= (bidi ? maxPeerBidi : maxPeerUni)) {
                throw new WsProtocolError(WsProtocolError.STREAM_LIMIT_ERROR,
                        "peer opened stream " + id + " beyond its stream limit");
            }
        } else {
            long open = streams.values().stream().filter(s -> !s.local()).count();
            long cap = (limits.maxStreamsBidi() + limits.maxStreamsUni())
                    * TransportLimits.LEGACY_STREAM_FACTOR;
            if (open >= cap) {
                throw new WsProtocolError(WsProtocolError.STREAM_LIMIT_ERROR,
                        "peer has more than " + cap + " streams open");
            }
        }
        // Streams below a newly seen index were opened implicitly (QUIC §3.2) and, never seen,
        // count as ended at once.
        long skipped = index - (bidi ? nextPeerBidi : nextPeerUni);
        if (bidi) {
            nextPeerBidi = index + 1;
            closedPeerBidi += skipped;
        } else {
            nextPeerUni = index + 1;
            closedPeerUni += skipped;
        }
        WsStream s = new WsStream(this, id, false, bidi, true);
        s.recvMax = limits.maxStreamData();
        if (flowControl) {
            s.sendMax = bidi ? peer.initialMaxStreamDataBidiLocal() : 0;
        } else {
            s.sendMax = Long.MAX_VALUE;
        }
        streams.put(id, s);
        if (handler == null) {
            held.add(s);
        } else {
            announce(s);
        }
        return s;
    }

    private void announce(WsStream s) {
        try {
            if (WsStream.isBidi(s.id())) {
                handler.onBidiStream(s);
            } else {
                handler.onUniStream(s);
            }
        } catch (RuntimeException e) {
            log.warn("{}: stream handler failed on {}", this, s, e);
        }
        if (s.handler == null && !s.recvTerminal()) {
            log.debug("{}: no handler set for {}; it buffers until one is", this, s);
        }
    }

    private void onStream(WsFrame.Stream f) throws WsProtocolError {
        ByteBuf data = f.data();
        int n = data.readableBytes();
        WsStream s;
        try {
            s = streams.get(f.id());
            if (s == null) {
                s = checkKnown(f.id(), false);
            }
            if (s != null && s.recvState == WsStream.RecvState.NONE) {
                throw new WsProtocolError(WsProtocolError.STREAM_STATE_ERROR,
                        "STREAM frame for our send-only stream " + f.id());
            }
            if (flowControl) {
                // Without an OFF field the data continues the stream (WebSocket is ordered).
                long offset = s == null || f.explicitOffset() ? f.offset() : s.recvOffset;
                if (s != null && offset != s.recvOffset) {
                    throw new WsProtocolError(WsProtocolError.PROTOCOL_VIOLATION, "stream " + f.id()
                            + " data at offset " + offset + ", expected " + s.recvOffset);
                }
                if (s != null && offset + n > s.recvMax) {
                    throw new WsProtocolError(WsProtocolError.FLOW_CONTROL_ERROR,
                            "stream " + f.id() + " beyond its credit of " + s.recvMax);
                }
                if (recvData + n > recvMaxData) {
                    throw new WsProtocolError(WsProtocolError.FLOW_CONTROL_ERROR,
                            "connection data beyond its credit of " + recvMaxData);
                }
            }
        } catch (WsProtocolError e) {
            data.release();
            throw e;
        }
        recvData += n;
        if (s == null) {
            // An ended stream: its bytes are discarded and their credit given back.
            data.release();
            consumed(null, n);
            return;
        }
        if (s.recvState == WsStream.RecvState.FIN) {
            data.release();
            throw new WsProtocolError(WsProtocolError.FINAL_SIZE_ERROR,
                    "data after FIN on stream " + f.id());
        }
        s.recvOffset += n;
        if (s.recvState != WsStream.RecvState.OPEN) {
            data.release();
            consumed(s, n);
            return;
        }
        if (n > 0) {
            deliver(s, data);
        } else {
            data.release();
        }
        if (f.fin() && s.recvState == WsStream.RecvState.OPEN) {
            s.recvState = WsStream.RecvState.FIN;
            reportEnd(s);
        }
    }

    private void deliver(WsStream s, ByteBuf data) throws WsProtocolError {
        int n = data.readableBytes();
        if (s.handler == null || s.flushPending) {
            s.early.add(data);
            s.earlyBytes += n;
            if (!flowControl && s.earlyBytes > limits.maxStreamData()) {
                throw new WsProtocolError(WsProtocolError.FLOW_CONTROL_ERROR, "stream " + s.id()
                        + " buffered more than " + limits.maxStreamData() + " bytes unread");
            }
            return;
        }
        try {
            s.handler.onData(data);
        } catch (RuntimeException e) {
            log.warn("{}: data handler of {} failed", this, s, e);
        }
        consumed(s, n);
    }

    /** Reports FIN or a reset to the handler once every earlier byte was delivered. */
    private void reportEnd(WsStream s) {
        if (s.handler == null || s.flushPending || s.endReported || !isEnded(s)) {
            return;
        }
        s.endReported = true;
        try {
            if (s.recvState == WsStream.RecvState.FIN) {
                s.handler.onFin();
            } else if (s.recvState == WsStream.RecvState.RESET) {
                s.handler.onReset(s.resetCode);
            }
        } catch (RuntimeException e) {
            log.warn("{}: end handler of {} failed", this, s, e);
        }
        maybeForget(s);
    }

    void setStreamHandler(WsStream s, MuxRecvStream.Handler h) {
        if (s.handler != null) {
            throw new IllegalStateException("handler already set on " + s);
        }
        if (s.recvState == WsStream.RecvState.NONE) {
            throw new IllegalStateException(s + " has no receive half");
        }
        s.handler = h;
        if (s.early.isEmpty() && !isEnded(s)) {
            return;
        }
        // Deliver what arrived earlier after the caller returns, not inside handler().
        s.flushPending = true;
        loop.execute(() -> flushEarly(s));
    }

    private static boolean isEnded(WsStream s) {
        return s.recvState == WsStream.RecvState.FIN || s.recvState == WsStream.RecvState.RESET;
    }

    private void flushEarly(WsStream s) {
        log.trace("{}: flushing {} early bytes of {}", this, s.earlyBytes, s);
        s.flushPending = false;
        if (state != State.OPEN) {
            return;
        }
        while (!s.early.isEmpty() && s.recvState != WsStream.RecvState.STOPPED && state == State.OPEN) {
            ByteBuf b = s.early.poll();
            int n = b.readableBytes();
            s.earlyBytes -= n;
            try {
                s.handler.onData(b);
            } catch (RuntimeException e) {
                log.warn("{}: data handler of {} failed", this, s, e);
            }
            consumed(s, n);
        }
        if (state == State.OPEN) {
            reportEnd(s);
        }
        flushIfNeeded();
    }

    /** Gives credit back for bytes the application consumed (or that were discarded). */
    private void consumed(WsStream s, long n) {
        if (!flowControl || state != State.OPEN) {
            return;
        }
        recvConsumed += n;
        if (recvMaxData - recvConsumed <= limits.maxData() / 2) {
            recvMaxData = recvConsumed + limits.maxData();
            sendControl(new WsFrame.MaxData(recvMaxData));
        }
        if (s != null) {
            s.recvConsumed += n;
            if (s.recvState == WsStream.RecvState.OPEN
                    && s.recvMax - s.recvConsumed <= limits.maxStreamData() / 2) {
                s.recvMax = s.recvConsumed + limits.maxStreamData();
                log.trace("{}: MAX_STREAM_DATA {} {}", this, s.id(), s.recvMax);
                sendControl(new WsFrame.MaxStreamData(s.id(), s.recvMax));
            }
        }
    }

    private void onReset(WsFrame.ResetStream r) throws WsProtocolError {
        WsStream s = streams.get(r.id());
        if (s == null) {
            s = checkKnown(r.id(), false);
            if (s == null) {
                return;
            }
        }
        if (s.recvState == WsStream.RecvState.NONE) {
            throw new WsProtocolError(WsProtocolError.STREAM_STATE_ERROR,
                    "RESET_STREAM for our send-only stream " + r.id());
        }
        if (s.recvState != WsStream.RecvState.OPEN) {
            return; // after FIN or STOP_SENDING: nothing more to report
        }
        if (flowControl && r.finalSize() > s.recvOffset) {
            long gap = r.finalSize() - s.recvOffset;
            if (r.finalSize() > s.recvMax || recvData + gap > recvMaxData) {
                throw new WsProtocolError(WsProtocolError.FLOW_CONTROL_ERROR,
                        "RESET_STREAM final size beyond credit on stream " + r.id());
            }
            recvData += gap;
            s.recvOffset = r.finalSize();
            consumed(s, gap);
        }
        s.recvState = WsStream.RecvState.RESET;
        s.resetCode = r.code();
        consumed(s, s.dropEarly());
        s.flushPending = false;
        reportEnd(s);
    }

    private void onStopSending(WsFrame.StopSending f) throws WsProtocolError {
        WsStream s = streams.get(f.id());
        if (s == null) {
            s = checkKnown(f.id(), true);
            if (s == null) {
                return;
            }
        }
        if (s.sendState == WsStream.SendState.NONE) {
            throw new WsProtocolError(WsProtocolError.STREAM_STATE_ERROR,
                    "STOP_SENDING for receive-only stream " + f.id());
        }
        if (s.sendTerminal()) {
            return;
        }
        // As QUIC requires: answer with RESET_STREAM carrying the peer's code.
        s.dropPending();
        s.sendState = WsStream.SendState.RESET;
        sendControl(new WsFrame.ResetStream(s.id(), f.code(), s.sendOffset));
        s.done.completeExceptionally(new MuxStreamException(f.code(),
                "stream " + s.id() + " stopped by the peer"));
        maybeForget(s);
    }

    void stopSending(WsStream s, long code) {
        if (state != State.OPEN || s.recvState != WsStream.RecvState.OPEN) {
            return;
        }
        s.recvState = WsStream.RecvState.STOPPED;
        consumed(s, s.dropEarly());
        sendControl(new WsFrame.StopSending(s.id(), code));
        flush();
        maybeForget(s);
    }

    /** Drops a stream whose both halves have ended; a peer stream gives back its count. */
    private void maybeForget(WsStream s) {
        if (!s.sendTerminal() || !s.recvTerminal() || streams.remove(s.id()) == null) {
            return;
        }
        if (s.local() || !flowControl) {
            return;
        }
        if (WsStream.isBidi(s.id())) {
            closedPeerBidi++;
            if (maxPeerBidi - closedPeerBidi <= limits.maxStreamsBidi() / 2) {
                maxPeerBidi = closedPeerBidi + limits.maxStreamsBidi();
                sendControl(new WsFrame.MaxStreams(true, maxPeerBidi));
            }
        } else {
            closedPeerUni++;
            if (maxPeerUni - closedPeerUni <= limits.maxStreamsUni() / 2) {
                maxPeerUni = closedPeerUni + limits.maxStreamsUni();
                sendControl(new WsFrame.MaxStreams(false, maxPeerUni));
            }
        }
    }

    // ---------------------------------------------------------------- ending

    private void protocolError(WsProtocolError e) {
        log.debug("{}: protocol error 0x{}: {}", this, Long.toHexString(e.code()), e.getMessage());
        terminate(new MuxCloseReason(e.code(), e.getMessage(), false,
                        new MoqMuxException(MoqMuxException.Kind.PROTOCOL, "WebSocket peer broke the "
                                + (flowControl ? "qmux" : "webtransport") + " framing (transport error 0x"
                                + Long.toHexString(e.code()) + "): " + e.getMessage())),
                new WsFrame.Close(e.code(), e.getMessage(), false));
    }

    /** The peer sent something no framing allows (a text message, a broken WebSocket frame). */
    void onForbidden(String what) {
        if (state == State.OPEN) {
            protocolError(new WsProtocolError(WsProtocolError.PROTOCOL_VIOLATION, "peer sent " + what));
        }
    }

    /** The peer sent a WebSocket Close without a close frame of the framing first. */
    void onWebSocketClose(int status, String reason) {
        String text = reason == null || reason.isEmpty() ? "" : " " + reason;
        terminate(new MuxCloseReason(0, "WebSocket Close " + status + text, true, null), null);
    }

    /** The socket ended or failed without a close from the peer. */
    void onTransportClosed(Throwable cause) {
        String why = cause == null ? "WebSocket connection lost"
                : "WebSocket connection failed: " + cause.getMessage();
        terminate(new MuxCloseReason(0, why, false, new MoqMuxException(
                MoqMuxException.Kind.CONNECTION, MoqMuxException.NO_OFFSET, why, cause)), null);
    }

    /**
     * Ends the connection once: every stream ends, pending opens fail, the handler hears it, and
     * the socket closes after {@code closeFrame} (if any) and a WebSocket Close.
     */
    private void terminate(MuxCloseReason reason, WsFrame closeFrame) {
        if (state == State.CLOSED) {
            log.trace("{}: already closed, not {}", this, reason);
            return;
        }
        log.debug("{}: closed: {}", this, reason);
        state = State.CLOSED;
        for (WsStream s : new ArrayList<>(streams.values())) {
            s.dropPending();
            if (!s.sendTerminal()) {
                s.sendState = WsStream.SendState.RESET;
                s.done.completeExceptionally(new MuxStreamException(MuxStreamException.CONNECTION_CLOSED,
                        "connection closed"));
            }
            s.dropEarly();
            if (s.recvState == WsStream.RecvState.OPEN || (isEnded(s) && !s.endReported)) {
                s.recvState = WsStream.RecvState.RESET;
                if (s.handler != null && !s.endReported) {
                    s.endReported = true;
                    try {
                        s.handler.onReset(MuxStreamException.CONNECTION_CLOSED);
                    } catch (RuntimeException e) {
                        log.warn("{}: end handler of {} failed", this, s, e);
                    }
                }
            }
        }
        streams.clear();
        held.clear();
        sendQueue.clear();
        for (CompletableFuture<MuxStream> f; (f = pendingBidi.poll()) != null; ) {
            f.completeExceptionally(closedException());
        }
        for (CompletableFuture<MuxSendStream> f; (f = pendingUni.poll()) != null; ) {
            f.completeExceptionally(closedException());
        }
        if (handler != null) {
            try {
                handler.onClosed(reason);
            } catch (RuntimeException e) {
                log.warn("{}: close handler failed", this, e);
            }
        }
        if (channel.isActive()) {
            if (closeFrame != null) {
                sendControl(closeFrame);
            }
            int status = reason.cause() instanceof MoqMuxException m
                    && m.kind() == MoqMuxException.Kind.PROTOCOL
                    ? WebSocketCloseStatus.PROTOCOL_ERROR.code() : WebSocketCloseStatus.NORMAL_CLOSURE.code();
            channel.writeAndFlush(new CloseWebSocketFrame(status, ""))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        // Last: whoever waits for it may close the channel, after our close frames are out.
        closeFuture.complete(reason);
    }

    /** Releases anything a frame handed us after the end; used by the channel handler. */
    static void discard(Object msg) {
        ReferenceCountUtil.safeRelease(msg);
    }
}
