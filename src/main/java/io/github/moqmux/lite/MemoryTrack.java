package io.github.moqmux.lite;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One track of a {@link MemoryBroadcast}: the groups it keeps and the retention policy that
 * releases older ones. The producer contract is {@link AbstractTrackProducer}'s; this class stores.
 * Its storage is guarded by the broadcast's lock.
 */
final class MemoryTrack extends AbstractTrackProducer {
    private static final Logger log = LoggerFactory.getLogger(MemoryTrack.class);

    /** What subscribers see of the track's end; recorded only while the broadcast is open. */
    enum End { OPEN, FINISHED, ABORTED }

    final MemoryBroadcast broadcast;
    /** The groups kept, oldest first; {@link #evicted} older ones were released. */
    final List<MemoryGroup> groups = new ArrayList<>();
    long evicted;
    End end = End.OPEN;
    Throwable cause;
    /** The newest frame timestamp finished on this track, for the time window. */
    private long latestTimestamp = FrameProducer.NO_TIMESTAMP;

    MemoryTrack(MemoryBroadcast broadcast, Track info) {
        super(info);
        this.broadcast = broadcast;
    }

    @Override
    protected GroupProducer onAppendGroup(long sequence) {
        broadcast.lock.lock();
        try {
            broadcast.checkNotClosed();
            MemoryGroup group = new MemoryGroup(this, sequence, broadcast.nanoTime());
            groups.add(group);
            evictLocked();
            broadcast.changed.signalAll();
            return group;
        } finally {
            broadcast.lock.unlock();
        }
    }

    @Override
    protected void onFinish() {
        broadcast.lock.lock();
        try {
            if (!broadcast.isClosedLocked()) {
                end = End.FINISHED;
                broadcast.changed.signalAll();
            }
        } finally {
            broadcast.lock.unlock();
        }
    }

    @Override
    protected void onAbort(Throwable cause) {
        broadcast.lock.lock();
        try {
            if (broadcast.isClosedLocked()) {
                return;
            }
            end = End.ABORTED;
            this.cause = cause;
            // Finished groups stay readable; open ones can never complete now.
            for (MemoryGroup group : List.copyOf(groups)) {
                group.abort(cause);
            }
            broadcast.changed.signalAll();
        } finally {
            broadcast.lock.unlock();
        }
        log.debug("track {} aborted", info().name(), cause);
    }

    /** Under the lock: a frame with this timestamp was finished; time may have moved on. */
    void frameFinishedLocked(long timestampMicros) {
        if (timestampMicros != FrameProducer.NO_TIMESTAMP && timestampMicros > latestTimestamp) {
            latestTimestamp = timestampMicros;
            // Only a time window can let go of groups here; a group count changes on append only.
            if (broadcast.retention.windowMicros() >= 0) {
                evictLocked();
            }
        }
    }

    /** Under the lock: releases the oldest ended groups the retention policy no longer keeps. */
    private void evictLocked() {
        while (groups.size() > 1 && !groups.get(0).isOpen() && !keeps(groups.get(0))) {
            MemoryGroup old = groups.remove(0);
            old.releaseLocked();
            evicted++;
        }
    }

    /** @return whether the policy keeps {@code oldest}, which is not the newest group */
    private boolean keeps(MemoryGroup oldest) {
        MemoryBroadcast.Retention retention = broadcast.retention;
        if (groups.size() > retention.groups()) {
            return false;
        }
        if (retention.windowMicros() < 0) {
            return true;
        }
        if (oldest.firstTimestamp != FrameProducer.NO_TIMESTAMP) {
            // The newest group may have no frame yet; the newest timestamp is at least as new.
            return latestTimestamp - oldest.firstTimestamp <= retention.windowMicros();
        }
        MemoryGroup newest = groups.get(groups.size() - 1);
        return (newest.createdNanos - oldest.createdNanos) / 1000 <= retention.windowMicros();
    }

    /** Under the lock: releases every buffer kept. */
    int releaseAllLocked() {
        int released = 0;
        for (MemoryGroup group : groups) {
            for (MemoryFrame frame : group.frames) {
                released += frame.releaseAll();
            }
        }
        return released;
    }
}
