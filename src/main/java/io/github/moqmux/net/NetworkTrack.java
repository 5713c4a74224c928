package io.github.moqmux.net;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.net.NetworkBroadcast.End;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One track of a {@link NetworkBroadcast}: the groups its retention window keeps, and the sessions
 * to wake when it changes. The producer side ({@link TrackProducer}) is called by one producing
 * thread; the reader side ({@link #resolveStart}, {@link #groupsFrom}, the groups'
 * {@code ...Locked} methods) by any number of sessions.
 *
 * <p>This object's monitor is the lock of the track and of all its groups, held only to update or
 * snapshot them; buffers are released and listeners woken outside it.
 */
final class NetworkTrack implements TrackProducer {
    /** The broadcast's logger, so the track's messages keep their category. */
    private static final Logger log = LoggerFactory.getLogger(NetworkBroadcast.class);

    private final NetworkBroadcast broadcast;
    private final Track info;
    private final long windowMicros;
    /** Retained groups, ascending sequence. Guarded by {@code this}. */
    private final ArrayDeque<NetworkGroup> groups = new ArrayDeque<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Subscriptions being served, for {@link NetworkBroadcast#activeSubscriptions}. */
    final AtomicInteger active = new AtomicInteger();
    private long nextSequence;
    /** The newest frame timestamp written to the track: "now" for a timestamped track. */
    private long latestTimestamp = Long.MIN_VALUE;
    private End end = End.OPEN;

    NetworkTrack(NetworkBroadcast broadcast, Track info, long windowMicros) {
        this.broadcast = broadcast;
        this.info = info;
        this.windowMicros = windowMicros;
    }

    @Override
    public Track info() {
        return info;
    }

    @Override
    public GroupProducer appendGroup() {
        NetworkGroup group;
        List<NetworkGroup> evicted;
        synchronized (this) {
            if (broadcast.isClosed() || end != End.OPEN) {
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                        "cannot append a group to track " + info.name() + ": it has ended");
            }
            group = new NetworkGroup(this, nextSequence++);
            groups.addLast(group);
            evicted = evictLocked();
        }
        NetworkGroup.releaseFrames(evicted);
        wake();
        return group;
    }

    /**
     * Under the lock: a frame with this timestamp was stored. When time moved on, older groups may
     * have left the window; they are returned for the caller to release outside the lock.
     */
    List<NetworkGroup> advanceClockLocked(long timestampMicros) {
        if (timestampMicros > latestTimestamp) {
            latestTimestamp = timestampMicros;
            return evictLocked();
        }
        return List.of();
    }

    /** Removes groups older than the window; the caller releases them outside the lock. */
    private List<NetworkGroup> evictLocked() {
        List<NetworkGroup> out = new ArrayList<>();
        NetworkGroup newest = groups.peekLast();
        while (groups.size() > 1) {
            NetworkGroup oldest = groups.peekFirst();
            if (!olderThanWindow(oldest, newest)) {
                break;
            }
            groups.pollFirst();
            oldest.markEvictedLocked();
            out.add(oldest);
        }
        return out;
    }

    private boolean olderThanWindow(NetworkGroup old, NetworkGroup newest) {
        long first = old.firstTimestampLocked();
        if (first != FrameProducer.NO_TIMESTAMP) {
            // Timestamped track: the newest group may not have its first frame yet; compare
            // with the latest timestamp seen on the track, which is at least as new.
            return latestTimestamp - first > windowMicros;
        }
        return (newest.createdNanos - old.createdNanos) / 1000 > windowMicros;
    }

    @Override
    public void finish() {
        synchronized (this) {
            if (end != End.OPEN) {
                return;
            }
            end = End.FINISHED;
        }
        wake();
    }

    @Override
    public void abort(Throwable cause) {
        synchronized (this) {
            if (end != End.OPEN) {
                return;
            }
            end = End.ABORTED;
            for (NetworkGroup g : groups) {
                g.abortLocked();
            }
        }
        log.debug("track {} aborted: {}", info.name(), cause.toString());
        wake();
    }

    /** Drops every retained group and releases its frames: the broadcast is closing. */
    void releaseAll() {
        List<NetworkGroup> all;
        synchronized (this) {
            all = new ArrayList<>(groups);
            groups.clear();
            for (NetworkGroup g : all) {
                g.markEvictedLocked();
            }
        }
        NetworkGroup.releaseFrames(all);
        wake();
    }

    void addListener(Runnable r) {
        listeners.add(r);
    }

    void removeListener(Runnable r) {
        listeners.remove(r);
    }

    /** Tells every serving session that the track changed; called outside the lock. */
    void wake() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    // ---- reader side, for sessions; all under the track lock

    synchronized End end() {
        return end;
    }

    /** @return the broadcast this track belongs to */
    NetworkBroadcast broadcast() {
        return broadcast;
    }

    /** @return the sequence the next appended group will get */
    synchronized long nextSequence() {
        return nextSequence;
    }

    /**
     * Resolves a subscription's start: the newest retained group for "latest" (or the next
     * group when none exists yet), the oldest retained group for a start older than that.
     */
    synchronized long resolveStart(long requested) {
        NetworkGroup oldest = groups.peekFirst();
        NetworkGroup newest = groups.peekLast();
        if (requested < 0) {
            return newest != null ? newest.sequence : nextSequence;
        }
        if (oldest == null) {
            return Math.max(requested, nextSequence);
        }
        return Math.max(requested, oldest.sequence);
    }

    /** @return the retained groups with a sequence of at least {@code from} */
    synchronized List<NetworkGroup> groupsFrom(long from) {
        List<NetworkGroup> out = new ArrayList<>();
        for (NetworkGroup g : groups) {
            if (g.sequence >= from) {
                out.add(g);
            }
        }
        return out;
    }
}
