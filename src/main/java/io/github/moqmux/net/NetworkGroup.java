package io.github.moqmux.net;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.net.NetworkBroadcast.End;
import java.util.ArrayList;
import java.util.List;

/**
 * One group of a {@link NetworkTrack}: its finished frames, in order. Its state is guarded by the
 * track's lock (one lock per track, so a session snapshots a track and its groups at once); the
 * methods named {@code ...Locked} must be called holding it.
 *
 * <p>Once the track's retention window evicts the group ({@link #markEvictedLocked}), its frames
 * are released and no longer readable, but {@link #frameCountLocked} still tells how many there
 * were, so a sender can tell a group it sent whole from one it lost.
 */
final class NetworkGroup implements GroupProducer {
    final NetworkTrack track;
    final long sequence;
    final long createdNanos = System.nanoTime();
    /** Finished frames. Guarded by the track lock. */
    private final List<StoredFrame> frames = new ArrayList<>();
    private End end = End.OPEN;
    private boolean evicted;
    private int countAtEviction;
    private long firstTimestamp = FrameProducer.NO_TIMESTAMP;

    NetworkGroup(NetworkTrack track, long sequence) {
        this.track = track;
        this.sequence = sequence;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public FrameProducer createFrame(long size) {
        return createFrame(size, FrameProducer.NO_TIMESTAMP);
    }

    @Override
    public FrameProducer createFrame(long size, long timestampMicros) {
        if (size < 0) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "negative frame size " + size);
        }
        synchronized (track) {
            if (end != End.OPEN || track.broadcast().isClosed()) {
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                        "cannot create a frame in group " + sequence + " of " + track.info().name() + ": it has ended");
            }
        }
        return new NetworkFrame(this, size, timestampMicros);
    }

    /**
     * Stores a finished frame, or releases it and throws when the group has ended or left the
     * window meanwhile. A newer timestamp moves the track's clock, which may evict older groups.
     */
    void addFrame(StoredFrame frame) {
        boolean refused;
        List<NetworkGroup> dropped = List.of();
        synchronized (track) {
            refused = end != End.OPEN || evicted;
            if (!refused) {
                frames.add(frame);
                long timestamp = frame.timestampMicros();
                if (timestamp != FrameProducer.NO_TIMESTAMP) {
                    if (firstTimestamp == FrameProducer.NO_TIMESTAMP) {
                        firstTimestamp = timestamp;
                    }
                    dropped = track.advanceClockLocked(timestamp);
                }
            }
        }
        if (refused) {
            frame.release();
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                    "group " + sequence + " of " + track.info().name() + " has ended");
        }
        releaseFrames(dropped);
        track.wake();
    }

    @Override
    public void finish() {
        end(End.FINISHED);
    }

    @Override
    public void abort(Throwable cause) {
        end(End.ABORTED);
    }

    /** Moves an open group to its end state once and wakes the readers; later ends are ignored. */
    private void end(End to) {
        synchronized (track) {
            if (end != End.OPEN) {
                return;
            }
            end = to;
        }
        track.wake();
    }

    /** Under the track lock, when the track is aborted: an open group ends aborted too. */
    void abortLocked() {
        if (end == End.OPEN) {
            end = End.ABORTED;
        }
    }

    /** Called under the track lock by readers. */
    End endLocked() {
        return end;
    }

    /** Called under the track lock by readers. */
    boolean evictedLocked() {
        return evicted;
    }

    /** Called under the track lock by readers: finished frames, also after eviction. */
    int frameCountLocked() {
        return evicted ? countAtEviction : frames.size();
    }

    /** Under the track lock: the first frame's timestamp, or {@code NO_TIMESTAMP} before one. */
    long firstTimestampLocked() {
        return firstTimestamp;
    }

    /** Under the track lock: the frames are released next and must no longer be read. */
    void markEvictedLocked() {
        evicted = true;
        countAtEviction = frames.size();
    }

    /** Called under the track lock by readers. */
    StoredFrame frameLocked(int index) {
        return frames.get(index);
    }

    /** Releases the stored frames; called outside the track lock once the group was evicted. */
    void releaseFrames() {
        List<StoredFrame> all;
        synchronized (track) {
            all = new ArrayList<>(frames);
            frames.clear();
        }
        for (StoredFrame f : all) {
            f.release();
        }
    }

    /** Releases the frames of groups just evicted, outside the track lock. */
    static void releaseFrames(List<NetworkGroup> evicted) {
        for (NetworkGroup g : evicted) {
            g.releaseFrames();
        }
    }
}
