package io.github.moqmux.net.ws;

import io.netty.buffer.ByteBuf;

/**
 * One frame of a WebSocket mux framing (qmux or the legacy {@code webtransport} format), parsed.
 * Only {@link Stream} holds a buffer: a retained slice of the WebSocket message, owned by whoever
 * holds the frame until it is handed on or released.
 */
sealed interface WsFrame {
    /**
     * STREAM: bytes of a stream at an offset (always 0 in the legacy format, which has none).
     * {@code explicitOffset} tells whether the frame carried its offset (qmux OFF bit): peers on
     * {@code @moq/qmux} 0.0.6 ({@code @moq/lite} 0.2.2) never send one, relying on WebSocket's
     * ordering, so a frame without it continues where the stream's data stopped.
     */
    record Stream(long id, long offset, ByteBuf data, boolean fin, boolean explicitOffset) implements WsFrame {
    }

    /** RESET_STREAM (final size 0 in the legacy format, which has none). */
    record ResetStream(long id, long code, long finalSize) implements WsFrame {
    }

    /** STOP_SENDING. */
    record StopSending(long id, long code) implements WsFrame {
    }

    /** MAX_DATA: the peer's new connection-wide credit. */
    record MaxData(long max) implements WsFrame {
    }

    /** MAX_STREAM_DATA: the peer's new credit on one stream. */
    record MaxStreamData(long id, long max) implements WsFrame {
    }

    /** MAX_STREAMS: how many streams of one direction the peer now lets us open in total. */
    record MaxStreams(boolean bidi, long max) implements WsFrame {
    }

    /** DATA_BLOCKED, STREAM_DATA_BLOCKED, STREAMS_BLOCKED, PING, QX_PING: informational only. */
    record Ignored(long type) implements WsFrame {
    }

    /**
     * CONNECTION_CLOSE (transport error, {@code application} false) or APPLICATION_CLOSE.
     */
    record Close(long code, String reason, boolean application) implements WsFrame {
    }

    /** QX_TRANSPORT_PARAMETERS (qmux only). */
    record Parameters(TransportParameters params) implements WsFrame {
    }
}
