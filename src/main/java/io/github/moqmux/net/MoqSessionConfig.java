package io.github.moqmux.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Objects;

/**
 * Limits and knobs of a {@link MoqSession}. A peer that exceeds a limit breaks the protocol: its
 * session is closed with an error code; other sessions are not affected.
 *
 * @param maxMessageSize   the largest control message body accepted, in bytes (default 64 KiB)
 * @param maxFrameSize     the largest frame accepted from a peer, in bytes (default 64 MiB)
 * @param maxStreams       the most streams a peer may have open towards this session at once,
 *                         bidirectional and unidirectional together (default 1000)
 * @param maxQueuedBytes   per subscription served: the most bytes handed to the transport and not
 *                         yet sent before this session stops writing and, once a newer group
 *                         exists, resets older ones (default 2 MiB)
 * @param retryMillis      how often a subscription that is over {@code maxQueuedBytes} looks
 *                         again whether the transport drained (default 10 ms)
 * @param stallMillis      how long a subscription may stay over {@code maxQueuedBytes} before
 *                         its older unfinished groups are reset in favour of the newest one
 *                         (default 500 ms; a burst that drains sooner, such as a late joiner's
 *                         replay, loses nothing)
 * @param allocator        allocator for the small headers this session writes
 */
public record MoqSessionConfig(int maxMessageSize, long maxFrameSize, int maxStreams, long maxQueuedBytes,
                               long retryMillis, long stallMillis, ByteBufAllocator allocator) {
    /**
     * Validates the values.
     *
     * @param maxMessageSize the largest control message body
     * @param maxFrameSize   the largest frame
     * @param maxStreams     the most concurrent peer streams
     * @param maxQueuedBytes the per-subscription send budget
     * @param retryMillis    the drain poll period
     * @param stallMillis    the grace before older groups are reset
     * @param allocator      the allocator
     */
    public MoqSessionConfig {
        Objects.requireNonNull(allocator, "allocator");
        if (maxMessageSize < 16 || maxFrameSize < 1 || maxStreams < 4 || maxQueuedBytes < 1 || retryMillis < 1
                || stallMillis < 0) {
            throw new IllegalArgumentException("limit out of range");
        }
    }

    /** @return the defaults */
    public static MoqSessionConfig defaults() {
        return new MoqSessionConfig(64 * 1024, 64L << 20, 1000, 2L << 20, 10, 500,
                PooledByteBufAllocator.DEFAULT);
    }

    /**
     * @param bytes the largest control message body
     * @return a copy with that limit
     */
    public MoqSessionConfig withMaxMessageSize(int bytes) {
        return new MoqSessionConfig(bytes, maxFrameSize, maxStreams, maxQueuedBytes, retryMillis, stallMillis, allocator);
    }

    /**
     * @param bytes the largest accepted frame
     * @return a copy with that limit
     */
    public MoqSessionConfig withMaxFrameSize(long bytes) {
        return new MoqSessionConfig(maxMessageSize, bytes, maxStreams, maxQueuedBytes, retryMillis, stallMillis, allocator);
    }

    /**
     * @param streams the most concurrent peer streams
     * @return a copy with that limit
     */
    public MoqSessionConfig withMaxStreams(int streams) {
        return new MoqSessionConfig(maxMessageSize, maxFrameSize, streams, maxQueuedBytes, retryMillis, stallMillis, allocator);
    }

    /**
     * @param bytes the per-subscription send budget
     * @return a copy with that budget
     */
    public MoqSessionConfig withMaxQueuedBytes(long bytes) {
        return new MoqSessionConfig(maxMessageSize, maxFrameSize, maxStreams, bytes, retryMillis, stallMillis, allocator);
    }

    /**
     * @param millis the grace before a subscription over its budget has older groups reset
     * @return a copy with that grace
     */
    public MoqSessionConfig withStallMillis(long millis) {
        return new MoqSessionConfig(maxMessageSize, maxFrameSize, maxStreams, maxQueuedBytes, retryMillis, millis, allocator);
    }
}
