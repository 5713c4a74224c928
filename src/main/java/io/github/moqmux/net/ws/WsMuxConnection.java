package io.github.moqmux.net.ws;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxConnection;
import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.mux.MuxStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MuxConnection} over one WebSocket, in the qmux-00 or the legacy framing. All state
 * lives on the channel's event loop; public methods hop onto it.
 *
 * <p>This class holds the connection's life: the API, the application's handler, the decoded
 * frames' dispatch and the end. Its parts, one job each, share its event loop:
 * <ul>
 *   <li>{@link WsSender}: sending. Streams with queued bytes wait in a round-robin queue; each
 *       turn puts one STREAM frame of at most {@link Framing#MAX_STREAM_PAYLOAD} bytes into one
 *       WebSocket message, within the peer's stream and connection credit (qmux), and only while
 *       the channel is writable, so bytes beyond credit or socket stay in the stream
 *       ({@link MuxSendStream#queuedBytes()}).</li>
 *   <li>{@link WsReceiver}: receiving. Credit is granted back (MAX_STREAM_DATA, MAX_DATA) when
 *       the application has consumed half a window, as {@code @moq/qmux} does.</li>
 *   <li>{@link WsStreamTable}: which streams exist and how many each side may open (MAX_STREAMS).
 *       </li>
 * </ul>
 * A peer beyond our limits gets a CONNECTION_CLOSE with the QUIC transport error code.
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
    private final WsSender sender;
    private final WsReceiver receiver;
    private final WsStreamTable streams;

    private State state = State.OPEN;
    private Handler handler;
    /** Peer streams that arrived before {@link #handler}; announced when it is set. */
    private final List<WsStream> held = new ArrayList<>();
    /** The peer's QX_TRANSPORT_PARAMETERS arrived (qmux: it must be its first frame). */
    private boolean paramsReceived;

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
        // The parts reach each other through this connection, on its event loop.
        this.sender = new WsSender(this, channel, framing);
        this.receiver = new WsReceiver(this, loop, flowControl, limits);
        this.streams = new WsStreamTable(this, server, flowControl, limits);
    }

    /** Sends our transport parameters; the first frame on qmux. Call on the event loop. */
    void start(long idleTimeoutMillis) {
        if (flowControl) {
            sender.sendControl(new WsFrame.Parameters(TransportParameters.of(limits, idleTimeoutMillis)));
            sender.flush();
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
        long q = streams.queuedBytes();
        io.netty.channel.ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return q + (out == null ? 0 : out.totalPendingWriteBytes());
    }

    // ---------------------------------------------------------------- the parts

    /** @return true until the connection ends; its parts do nothing after */
    boolean isOpen() {
        return state == State.OPEN;
    }

    WsSender sender() {
        return sender;
    }

    WsReceiver receiver() {
        return receiver;
    }

    WsStreamTable streams() {
        return streams;
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
        return open(streams::openBidi);
    }

    @Override
    public CompletableFuture<MuxSendStream> openUni() {
        return open(streams::openUni);
    }

    /** A future stream that {@code waitFor} opens on the loop when the peer's limit allows. */
    private <T> CompletableFuture<T> open(Consumer<CompletableFuture<T>> waitFor) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (!run(() -> {
            if (state != State.OPEN) {
                f.completeExceptionally(closedException());
                return;
            }
            waitFor.accept(f);
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

    static MoqMuxException closedException() {
        return new MoqMuxException(MoqMuxException.Kind.CONNECTION, "connection closed");
    }

    // ---------------------------------------------------------------- the channel handler's calls

    /** Sends what credit allows; the channel became writable again. */
    void pump() {
        sender.pump();
    }

    /** After a read batch: sends the credit updates and acknowledgements it produced. */
    void flushIfNeeded() {
        sender.flushIfNeeded();
    }

    // ---------------------------------------------------------------- dispatch

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
            receiver.onStream(st);
        } else if (frame instanceof WsFrame.Parameters p) {
            onParameters(p.params());
        } else if (frame instanceof WsFrame.ResetStream r) {
            receiver.onReset(r);
        } else if (frame instanceof WsFrame.StopSending st) {
            sender.onStopSending(st);
        } else if (frame instanceof WsFrame.MaxData m) {
            sender.onMaxData(m.max());
        } else if (frame instanceof WsFrame.MaxStreamData m) {
            sender.onMaxStreamData(m);
        } else if (frame instanceof WsFrame.MaxStreams m) {
            streams.onMaxStreams(m.bidi(), m.max());
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
        sender.onPeerParameters(p);
        streams.onPeerParameters(p);
    }

    /** A new peer stream: announced to the handler, or held until there is one. */
    void accept(WsStream s) {
        if (handler == null) {
            held.add(s);
        } else {
            announce(s);
        }
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
        for (WsStream s : streams.snapshot()) {
            sender.cutOnClose(s);
            receiver.cutOnClose(s);
        }
        streams.clear();
        held.clear();
        sender.clearQueue();
        streams.failPendingOpens();
        if (handler != null) {
            try {
                handler.onClosed(reason);
            } catch (RuntimeException e) {
                log.warn("{}: close handler failed", this, e);
            }
        }
        if (channel.isActive()) {
            if (closeFrame != null) {
                sender.sendControl(closeFrame);
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
}
