package io.github.moqmux.lite;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A subscriber of a {@link MemoryTrack}: returns its groups in order, blocking for new ones. */
final class MemoryTrackReader implements TrackConsumer {
    private final MemoryTrack track;
    /** Sequence of the next group to return. */
    private long next;

    MemoryTrackReader(MemoryTrack track) {
        this.track = track;
    }

    @Override
    public Track info() {
        return track.info();
    }

    @Override
    public GroupConsumer nextGroup(Duration timeout) throws InterruptedException, TimeoutException {
        MemoryBroadcast broadcast = track.broadcast;
        long remaining = MemoryBroadcast.nanos(timeout);
        broadcast.lock.lockInterruptibly();
        try {
            for (;;) {
                broadcast.checkNotClosed();
                // A reader behind the retention window continues at the oldest group kept.
                next = Math.max(next, track.evicted);
                if (next - track.evicted < track.groups.size()) {
                    return new MemoryGroupReader(track.groups.get((int) (next++ - track.evicted)));
                }
                if (track.end == MemoryTrack.End.FINISHED) {
                    return null;
                }
                if (track.end == MemoryTrack.End.ABORTED) {
                    throw MemoryBroadcast.aborted("track " + track.info().name(), track.cause);
                }
                if (remaining <= 0) {
                    throw new TimeoutException("no group " + next + " on track " + track.info().name()
                            + " within " + timeout);
                }
                remaining = broadcast.changed.awaitNanos(remaining);
            }
        } finally {
            broadcast.lock.unlock();
        }
    }
}
