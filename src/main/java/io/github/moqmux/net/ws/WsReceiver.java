package io.github.moqmux.net.ws;

import io.github.moqmux.net.mux.MuxRecvStream;
import io.github.moqmux.net.mux.MuxStreamException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive side of a {@link WsMuxConnection}: STREAM and RESET_STREAM frames into the
 * streams' handlers, and credit back to the peer.
 *
 * <p>Bytes that arrive before a stream's handler is set wait in {@link WsStream#early} (bounded by
 * our stream credit on qmux, by {@link TransportLimits#maxStreamData()} on the legacy framing) and
 * are delivered, then FIN or the reset, after the call that sets the handler returns. Credit is
 * granted back (MAX_STREAM_DATA, MAX_DATA) when the application has consumed half a window, as
 * {@code @moq/qmux} does; a peer beyond it breaks the framing ({@link WsProtocolError}).
 *
 * <p>It also ends receive halves: the peer's reset, and our STOP_SENDING. Event loop only.
 */
final class WsReceiver {
    // The connection's logger: the helpers of one connection log under one name.
    private static final Logger log = LoggerFactory.getLogger(WsMuxConnection.class);

    private final WsMuxConnection conn;
    private final EventLoop loop;
    private final boolean flowControl;
    private final TransportLimits limits;

    // Connection credit we give the peer.
    private long recvMaxData;
    private long recvData;
    private long recvConsumed;

    WsReceiver(WsMuxConnection conn, EventLoop loop, boolean flowControl, TransportLimits limits) {
        this.conn = conn;
        this.loop = loop;
        this.flowControl = flowControl;
        this.limits = limits;
        this.recvMaxData = limits.maxData();
    }

    // ---------------------------------------------------------------- frames

    void onStream(WsFrame.Stream f) throws WsProtocolError {
        ByteBuf data = f.data();
        int n = data.readableBytes();
        WsStream s;
        try {
            s = conn.streams().find(f.id(), false);
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

    void onReset(WsFrame.ResetStream r) throws WsProtocolError {
        WsStream s = conn.streams().find(r.id(), false);
        if (s == null) {
            return;
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

    // ---------------------------------------------------------------- what the application does

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

    void stopSending(WsStream s, long code) {
        if (!conn.isOpen() || s.recvState != WsStream.RecvState.OPEN) {
            return;
        }
        s.recvState = WsStream.RecvState.STOPPED;
        consumed(s, s.dropEarly());
        WsSender sender = conn.sender();
        sender.sendControl(new WsFrame.StopSending(s.id(), code));
        sender.flush();
        conn.streams().maybeForget(s);
    }

    /**
     * The connection ended: buffered bytes go, and a handler that has not heard the end yet
     * hears a reset with {@link MuxStreamException#CONNECTION_CLOSED}.
     */
    void cutOnClose(WsStream s) {
        s.dropEarly();
        if (s.recvState == WsStream.RecvState.OPEN || (isEnded(s) && !s.endReported)) {
            s.recvState = WsStream.RecvState.RESET;
            if (s.handler != null && !s.endReported) {
                s.endReported = true;
                try {
                    s.handler.onReset(MuxStreamException.CONNECTION_CLOSED);
                } catch (RuntimeException e) {
                    log.warn("{}: end handler of {} failed", conn, s, e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- delivery

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
        handOver(s, data, n);
    }

    /** Gives {@code n} bytes to the stream's handler, which owns them now, and their credit back. */
    private void handOver(WsStream s, ByteBuf data, int n) {
        try {
            s.handler.onData(data);
        } catch (RuntimeException e) {
            log.warn("{}: data handler of {} failed", conn, s, e);
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
            log.warn("{}: end handler of {} failed", conn, s, e);
        }
        conn.streams().maybeForget(s);
    }

    private static boolean isEnded(WsStream s) {
        return s.recvState == WsStream.RecvState.FIN || s.recvState == WsStream.RecvState.RESET;
    }

    private void flushEarly(WsStream s) {
        log.trace("{}: flushing {} early bytes of {}", conn, s.earlyBytes, s);
        s.flushPending = false;
        if (!conn.isOpen()) {
            return;
        }
        while (!s.early.isEmpty() && s.recvState != WsStream.RecvState.STOPPED && conn.isOpen()) {
            ByteBuf b = s.early.poll();
            int n = b.readableBytes();
            s.earlyBytes -= n;
            handOver(s, b, n);
        }
        if (conn.isOpen()) {
            reportEnd(s);
        }
        conn.sender().flushIfNeeded();
    }

    // ---------------------------------------------------------------- credit

    /** Gives credit back for bytes the application consumed (or that were discarded). */
    private void consumed(WsStream s, long n) {
        if (!flowControl || !conn.isOpen()) {
            return;
        }
        recvConsumed += n;
        if (recvMaxData - recvConsumed <= limits.maxData() / 2) {
            recvMaxData = recvConsumed + limits.maxData();
            conn.sender().sendControl(new WsFrame.MaxData(recvMaxData));
        }
        if (s != null) {
            s.recvConsumed += n;
            if (s.recvState == WsStream.RecvState.OPEN
                    && s.recvMax - s.recvConsumed <= limits.maxStreamData() / 2) {
                s.recvMax = s.recvConsumed + limits.maxStreamData();
                log.trace("{}: MAX_STREAM_DATA {} {}", conn, s.id(), s.recvMax);
                conn.sender().sendControl(new WsFrame.MaxStreamData(s.id(), s.recvMax));
            }
        }
    }
}
