package io.github.moqmux.lite;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A reader of one {@link MemoryGroup}: returns its finished frames in order, blocking for new
 * ones. Each frame is a {@code retainedDuplicate()} that the caller owns and releases.
 */
final class MemoryGroupReader implements GroupConsumer {
    private final MemoryGroup group;
    private int next;

    MemoryGroupReader(MemoryGroup group) {
        this.group = group;
    }

    @Override
    public long sequence() {
        return group.sequence();
    }

    @Override
    public ByteBuf nextFrame(Duration timeout) throws InterruptedException, TimeoutException {
        MemoryBroadcast broadcast = group.track.broadcast;
        long remaining = MemoryBroadcast.nanos(timeout);
        broadcast.lock.lockInterruptibly();
        try {
            for (;;) {
                broadcast.checkNotClosed();
                if (group.evicted) {
                    throw MemoryBroadcast.illegal(group + " was released by the retention policy");
                }
                // Only unfinished frames are ever removed, and every frame before `next` is
                // finished, so removals never shift the frames this reader has returned.
                if (next < group.frames.size() && group.frames.get(next).finished) {
                    return group.frames.get(next++).data.retainedDuplicate();
                }
                if (next >= group.frames.size()) {
                    if (group.isFinished()) {
                        return null;
                    }
                    Throwable cause = group.abortCause();
                    if (cause != null) {
                        throw MemoryBroadcast.aborted(group.toString(), cause);
                    }
                }
                if (remaining <= 0) {
                    throw new TimeoutException("no frame " + next + " finished in " + group
                            + " within " + timeout);
                }
                remaining = broadcast.changed.awaitNanos(remaining);
            }
        } finally {
            broadcast.lock.unlock();
        }
    }
}
