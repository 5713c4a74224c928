package io.github.moqmux.net.ws;

import io.github.moqmux.net.mux.MuxStreamException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send side of a {@link WsMuxConnection}: the only writer of frames to the channel.
 *
 * <p>Streams with queued bytes wait in a round-robin queue; each turn of {@link #pump()} puts one
 * STREAM frame of at most {@link Framing#MAX_STREAM_PAYLOAD} bytes into one WebSocket message,
 * within the peer's stream and connection credit (qmux), and only while the channel is writable,
 * so bytes beyond credit or socket stay in the stream. A stream out of stream credit leaves the
 * queue ({@link WsStream#blocked}) until MAX_STREAM_DATA; a connection out of credit stops the
 * whole queue until MAX_DATA. Control frames are written at once and flushed with the next flush,
 * so a read batch's credit updates leave together.
 *
 * <p>It also ends send halves: our reset, and the RESET_STREAM that answers a peer's
 * STOP_SENDING. Event loop only.
 */
final class WsSender {
    // The connection's logger: the helpers of one connection log under one name.
    private static final Logger log = LoggerFactory.getLogger(WsMuxConnection.class);

    private final WsMuxConnection conn;
    private final Channel channel;
    private final EventLoop loop;
    private final Framing framing;
    private final ArrayDeque<WsStream> sendQueue = new ArrayDeque<>();
    private boolean flushNeeded;
    private boolean pumpRequested;

    // Connection credit the peer gives us (qmux: its parameters and MAX_DATA; legacy: unbounded).
    private long sendMaxData;
    private long sentData;

    WsSender(WsMuxConnection conn, Channel channel, Framing framing) {
        this.conn = conn;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.framing = framing;
        if (!framing.flowControl()) {
            sendMaxData = Long.MAX_VALUE;
        }
    }

    /** The peer's QX_TRANSPORT_PARAMETERS: our first connection credit. */
    void onPeerParameters(TransportParameters p) {
        sendMaxData = p.initialMaxData();
    }

    // ---------------------------------------------------------------- what streams hand us

    void enqueue(WsStream s, ByteBuf data, int n) {
        if (s.sendState != WsStream.SendState.OPEN || !conn.isOpen()) {
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
        if (s.sendState != WsStream.SendState.OPEN || !conn.isOpen()) {
            return;
        }
        s.sendState = WsStream.SendState.FINISHING;
        schedule(s);
        requestPump();
    }

    void resetLocal(WsStream s, long code) {
        if (s.sendTerminal() || !conn.isOpen()) {
            return;
        }
        resetSendHalf(s, code, "stream " + s.id() + " reset");
        flush();
        conn.streams().maybeForget(s);
    }

    /**
     * Ends a send half with RESET_STREAM: queued bytes are dropped and {@link WsStream#done()}
     * fails with {@code code}; the caller flushes and forgets.
     */
    private void resetSendHalf(WsStream s, long code, String why) {
        s.dropPending();
        s.sendState = WsStream.SendState.RESET;
        sendControl(new WsFrame.ResetStream(s.id(), code, s.sendOffset));
        s.done.completeExceptionally(new MuxStreamException(code, why));
    }

    /** The connection ended: the send half fails unless it had ended already. */
    void cutOnClose(WsStream s) {
        s.dropPending();
        if (!s.sendTerminal()) {
            s.sendState = WsStream.SendState.RESET;
            s.done.completeExceptionally(new MuxStreamException(MuxStreamException.CONNECTION_CLOSED,
                    "connection closed"));
        }
    }

    /** The connection ended: nothing waits to be sent any more. */
    void clearQueue() {
        sendQueue.clear();
    }

    // ---------------------------------------------------------------- what the peer tells us

    /** MAX_DATA: more connection credit; everyone waiting for it may go on. */
    void onMaxData(long max) {
        if (max > sendMaxData) {
            sendMaxData = max;
            pump();
        }
    }

    void onMaxStreamData(WsFrame.MaxStreamData m) throws WsProtocolError {
        log.trace("{}: got {}", conn, m);
        // A new peer bidi stream may be opened by this frame (RFC 9000 §19.10); its max applies too.
        WsStream s = conn.streams().find(m.id(), true);
        if (s == null) {
            return; // one of ours that ended, or an old peer stream
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

    void onStopSending(WsFrame.StopSending f) throws WsProtocolError {
        WsStream s = conn.streams().find(f.id(), true);
        if (s == null) {
            return;
        }
        if (s.sendState == WsStream.SendState.NONE) {
            throw new WsProtocolError(WsProtocolError.STREAM_STATE_ERROR,
                    "STOP_SENDING for receive-only stream " + f.id());
        }
        if (s.sendTerminal()) {
            return;
        }
        // As QUIC requires: answer with RESET_STREAM carrying the peer's code.
        resetSendHalf(s, f.code(), "stream " + s.id() + " stopped by the peer");
        conn.streams().maybeForget(s);
    }

    // ---------------------------------------------------------------- the pump

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

    private void schedule(WsStream s) {
        if (!s.scheduled && !s.blocked) {
            s.scheduled = true;
            sendQueue.add(s);
        }
    }

    /** Sends what credit and the socket allow, one STREAM frame per stream per turn. */
    void pump() {
        if (!conn.isOpen()) {
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
                    log.trace("{}: {} blocked at {}", conn, s, s.sendOffset);
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
                conn.streams().maybeForget(s);
            } else if (!s.pending.isEmpty()) {
                schedule(s);
            }
        }
        if (wrote || flushNeeded) {
            flush();
        }
    }

    /** The stream's queued bytes, counted only up to just past one frame's worth. */
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

    /** One STREAM frame of {@code n} queued bytes, as slices of what was written (no copy). */
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

    // ---------------------------------------------------------------- control frames and flushes

    /** Writes a frame other than STREAM now; it leaves with the next flush. */
    void sendControl(WsFrame frame) {
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
}
