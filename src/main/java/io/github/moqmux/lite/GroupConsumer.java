package io.github.moqmux.lite;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Reads one group: its finished frames in the order they were created, each exactly once.
 * Obtained from {@link TrackConsumer#nextGroup(Duration)}.
 *
 * <p>Implementations are thread-safe, but a consumer hands out each frame once: threads sharing
 * one consumer split the frames between them.
 */
public interface GroupConsumer {
    /** @return this group's sequence number within its track, from 0 */
    long sequence();

    /**
     * Waits until the next frame is finished and returns its bytes.
     *
     * <p>Ownership: the returned buffer is a {@code retainedDuplicate()} of the stored frame. The
     * caller owns that reference and must release it exactly once. It stays valid after the
     * broadcast is closed. Its bytes are shared with every other reader and must not be modified.
     *
     * @param timeout how long to wait at most; zero or negative means "do not wait"
     * @return exactly the frame's declared number of readable bytes, or {@code null} when the
     *     group finished normally and every frame was returned
     * @throws io.github.moqmux.MoqMuxException of kind {@code ILLEGAL_STATE} when the group was
     *     aborted and every finished frame was returned (the abort cause is the exception's
     *     cause), or when the broadcast was closed
     * @throws TimeoutException     if no frame was finished in time
     * @throws InterruptedException if the waiting thread was interrupted
     */
    ByteBuf nextFrame(Duration timeout) throws InterruptedException, TimeoutException;
}
