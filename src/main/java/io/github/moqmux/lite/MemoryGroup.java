package io.github.moqmux.lite;

import io.github.moqmux.MoqMuxException;
import java.util.ArrayList;
import java.util.List;

/**
 * One group of a {@link MemoryTrack}: its frames in creation order. The producer contract is
 * {@link AbstractGroupProducer}'s; this class stores. Its storage is guarded by the broadcast's
 * lock; its end state (the base's) is read by consumers under that lock, and every end signals it.
 */
final class MemoryGroup extends AbstractGroupProducer {
    final MemoryTrack track;
    /** When the group was appended ({@link System#nanoTime()} scale), for the time window. */
    final long createdNanos;
    /** In creation order; aborted frames are removed, so every entry is open or finished. */
    final List<MemoryFrame> frames = new ArrayList<>();
    /** The timestamp of the first timestamped frame finished in this group, for the time window. */
    long firstTimestamp = FrameProducer.NO_TIMESTAMP;
    /** Set when the retention policy released this group's frames. */
    boolean evicted;

    MemoryGroup(MemoryTrack track, long sequence, long createdNanos) {
        super(sequence);
        this.track = track;
        this.createdNanos = createdNanos;
    }

    /**
     * {@inheritDoc}
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the broadcast is closed; of kind
     *     {@code UNSUPPORTED} if the size does not fit a single in-memory buffer (above
     *     {@link Integer#MAX_VALUE})
     */
    @Override
    protected FrameProducer onCreateFrame(long size, long timestampMicros) {
        MemoryBroadcast broadcast = track.broadcast;
        broadcast.lock.lock();
        try {
            broadcast.checkNotClosed();
            if (size > Integer.MAX_VALUE) {
                throw new MoqMuxException(MoqMuxException.Kind.UNSUPPORTED,
                        "frame of " + size + " bytes does not fit in memory (" + this + ")");
            }
            MemoryFrame frame = new MemoryFrame(this, size, timestampMicros);
            frames.add(frame);
            return frame;
        } finally {
            broadcast.lock.unlock();
        }
    }

    /** Refuses while a frame is unfinished; after close, finishing does nothing and never throws. */
    @Override
    protected void checkFinishable() {
        MemoryBroadcast broadcast = track.broadcast;
        broadcast.lock.lock();
        try {
            if (broadcast.isClosedLocked()) {
                return;
            }
            for (MemoryFrame frame : frames) {
                if (!frame.finished) {
                    throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "cannot finish " + this
                            + ": a frame of " + frame.size() + " bytes has only " + frame.written()
                            + " written and is not finished");
                }
            }
        } finally {
            broadcast.lock.unlock();
        }
    }

    @Override
    protected void onFinish() {
        signal();
    }

    /** Discards the unfinished frames: they can never complete now. */
    @Override
    protected void onAbort(Throwable cause) {
        MemoryBroadcast broadcast = track.broadcast;
        broadcast.lock.lock();
        try {
            if (broadcast.isClosedLocked()) {
                return;
            }
            // Iterate over a copy: discarding a frame removes it from the list.
            for (MemoryFrame frame : List.copyOf(frames)) {
                frame.abort(cause);
            }
            broadcast.changed.signalAll();
        } finally {
            broadcast.lock.unlock();
        }
    }

    private void signal() {
        MemoryBroadcast broadcast = track.broadcast;
        broadcast.lock.lock();
        try {
            broadcast.changed.signalAll();
        } finally {
            broadcast.lock.unlock();
        }
    }

    /** Under the lock: a frame of this group was finished. */
    void frameFinishedLocked(long timestampMicros) {
        if (timestampMicros != FrameProducer.NO_TIMESTAMP && firstTimestamp == FrameProducer.NO_TIMESTAMP) {
            firstTimestamp = timestampMicros;
        }
        track.frameFinishedLocked(timestampMicros);
    }

    /** Under the lock: the retention policy drops this group; readers of it fail from now on. */
    void releaseLocked() {
        evicted = true;
        for (MemoryFrame frame : frames) {
            frame.releaseAll();
        }
    }

    @Override
    public String toString() {
        return super.toString() + " of track " + track.info().name();
    }
}
