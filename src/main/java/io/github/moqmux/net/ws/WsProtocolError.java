package io.github.moqmux.net.ws;

/**
 * A peer broke the framing or a transport limit. Carries the QUIC transport error code (RFC 9000
 * §20.1) that ends the connection with a CONNECTION_CLOSE frame.
 */
final class WsProtocolError extends Exception {
    private static final long serialVersionUID = 1L;

    /** QUIC FLOW_CONTROL_ERROR: data beyond the credit we granted. */
    static final long FLOW_CONTROL_ERROR = 0x3;
    /** QUIC STREAM_LIMIT_ERROR: a stream beyond the count we allowed. */
    static final long STREAM_LIMIT_ERROR = 0x4;
    /** QUIC STREAM_STATE_ERROR: a frame for a stream in a state that cannot take it. */
    static final long STREAM_STATE_ERROR = 0x5;
    /** QUIC FINAL_SIZE_ERROR: data after FIN, or a final size that contradicts what arrived. */
    static final long FINAL_SIZE_ERROR = 0x6;
    /** QUIC FRAME_ENCODING_ERROR: a frame that does not parse. */
    static final long FRAME_ENCODING_ERROR = 0x7;
    /** QUIC TRANSPORT_PARAMETER_ERROR: malformed or duplicated transport parameters. */
    static final long TRANSPORT_PARAMETER_ERROR = 0x8;
    /** QUIC PROTOCOL_VIOLATION: anything else the framing forbids. */
    static final long PROTOCOL_VIOLATION = 0xa;

    /** @serial the QUIC transport error code */
    private final long code;

    WsProtocolError(long code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    long code() {
        return code;
    }
}
