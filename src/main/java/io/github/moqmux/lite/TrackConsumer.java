package io.github.moqmux.lite;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Reads one track: its groups in sequence order, starting at group 0, each exactly once.
 * Obtained from {@link MemoryBroadcast#subscribe(String)}.
 *
 * <pre>{@code
 * TrackConsumer track = broadcast.subscribe("0.hang");
 * for (GroupConsumer group; (group = track.nextGroup(Duration.ofSeconds(5))) != null; ) {
 *     for (ByteBuf frame; (frame = group.nextFrame(Duration.ofSeconds(5))) != null; ) {
 *         try {
 *             handle(group.sequence(), frame);
 *         } finally {
 *             frame.release();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe, but a consumer hands out each group once: threads sharing
 * one consumer split the groups between them.
 */
public interface TrackConsumer {
    /** @return the track's name and priority */
    Track info();

    /**
     * Waits for the next group to be appended.
     *
     * @param timeout how long to wait at most; zero or negative means "do not wait"
     * @return the next group, or {@code null} when the track finished normally and every group
     *     was returned
     * @throws io.github.moqmux.MoqMuxException of kind {@code ILLEGAL_STATE} when the track was
     *     aborted and every group was returned (the abort cause is the exception's cause), or
     *     when the broadcast was closed
     * @throws TimeoutException     if no group arrived in time
     * @throws InterruptedException if the waiting thread was interrupted
     */
    GroupConsumer nextGroup(Duration timeout) throws InterruptedException, TimeoutException;
}
