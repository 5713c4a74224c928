package io.github.moqmux.net.mux;

/** A stream ended abnormally: reset, stopped by the peer, or cut by the end of its connection. */
public final class MuxStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The code reported when a stream ends because its connection ended. */
    public static final long CONNECTION_CLOSED = -1;

    /** @serial the application error code, or {@link #CONNECTION_CLOSED} */
    private final long code;

    /**
     * @param code    the application error code, or {@link #CONNECTION_CLOSED}
     * @param message what happened
     */
    public MuxStreamException(long code, String message) {
        super(message);
        this.code = code;
    }

    /** @return the application error code, or {@link #CONNECTION_CLOSED} */
    public long code() {
        return code;
    }
}
