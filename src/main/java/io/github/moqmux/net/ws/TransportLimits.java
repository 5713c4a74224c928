package io.github.moqmux.net.ws;

/**
 * What this side lets a peer send: the flow-control credit and stream counts advertised in qmux
 * transport parameters and replenished as the application consumes. A peer that goes beyond them
 * loses its connection (QUIC FLOW_CONTROL_ERROR or STREAM_LIMIT_ERROR). The legacy
 * {@code webtransport} framing has no flow control; there {@link #maxStreamData()} bounds what is
 * buffered for a stream whose handler is not set yet and {@link #maxStreamsBidi()} +
 * {@link #maxStreamsUni()}, times {@link #LEGACY_STREAM_FACTOR}, bounds the open peer streams.
 *
 * @param maxData        connection-wide receive window in bytes (default 1 MiB)
 * @param maxStreamData  per-stream receive window in bytes (default 256 KiB)
 * @param maxStreamsBidi bidirectional streams the peer may have open at once (default 100)
 * @param maxStreamsUni  unidirectional streams the peer may have open at once (default 100)
 */
public record TransportLimits(long maxData, long maxStreamData, long maxStreamsBidi,
                              long maxStreamsUni) {
    /** The defaults of @moq/qmux and moq-relay: 1 MiB, 256 KiB, 100 and 100. */
    public static final TransportLimits DEFAULT = new TransportLimits(1 << 20, 256 << 10, 100, 100);

    /**
     * The legacy framing cannot tell the peer a stream limit, so it tolerates this many times
     * more open streams before it treats the peer as hostile.
     */
    public static final int LEGACY_STREAM_FACTOR = 10;

    /**
     * Validates the limits.
     *
     * @param maxData        connection-wide receive window in bytes
     * @param maxStreamData  per-stream receive window in bytes
     * @param maxStreamsBidi bidirectional streams the peer may have open at once
     * @param maxStreamsUni  unidirectional streams the peer may have open at once
     */
    public TransportLimits {
        if (maxData < 1 || maxStreamData < 1 || maxStreamsBidi < 1 || maxStreamsUni < 1) {
            throw new IllegalArgumentException("transport limits must be positive");
        }
    }
}
