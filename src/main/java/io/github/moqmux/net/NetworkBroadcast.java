package io.github.moqmux.net;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.AbstractFrameProducer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcast that lives on the network: the importer (or any producer) writes into it as into
 * any {@link BroadcastProducer}, and every moq-lite session that serves it (through a
 * {@link MoqOrigin}) sends the frames to its subscribers.
 *
 * <pre>{@code
 * NetworkBroadcast broadcast = new NetworkBroadcast();
 * origin.publish("clip", broadcast);
 * Fmp4Importer importer = new Fmp4Importer(broadcast, new CatalogProducer(broadcast), config);
 * }</pre>
 *
 * <h2>Retention: memory is flat for any stream length</h2>
 * Each track keeps its newest group and the older groups that started at most {@link #window()}
 * (default 5 s, like the JS publisher) before "now", so a late joiner can start a little in the
 * past (moq-lite's Start Group). For a track with frame timestamps
 * ({@link GroupProducer#createFrame(long, long)}) a group starts at its first timestamped frame
 * and "now" is the newest timestamp written to the track; for a track without timestamps (the
 * catalog) both are the wall-clock times at which groups were appended. Older groups are released
 * when a group is appended or a newer timestamp arrives; the newest group is always kept. A subscription asking for a group older than what is kept
 * starts at the oldest kept group.
 *
 * <h2>Slow subscribers</h2>
 * Producing never waits for the network: producer calls only update this broadcast and wake the
 * sessions, which send on their own connection's executor. A subscriber's buffering is bounded by
 * {@link MoqSessionConfig#maxQueuedBytes()}: above it the session stops handing frames to the
 * transport, and when that lasts longer than {@link MoqSessionConfig#stallMillis()} (500 ms) while
 * a newer group exists, it resets the older groups that subscriber has not finished (code
 * {@code OLD}; moq-lite intends newer groups to win). A group the window releases
 * before a subscriber has sent it all is reset for that subscriber. So a stalled subscriber costs
 * at most its budget plus the shared window, and never slows the importer or other subscribers.
 *
 * <h2>Threads</h2>
 * One producing thread at a time (the importer's contract); any number of sessions read
 * concurrently. Each track has its own lock, held only to update or snapshot it.
 *
 * <h2>Buffer ownership</h2>
 * Chunks written to a frame belong to this broadcast until their group leaves the window or the
 * broadcast is closed. Sessions send {@code retainedDuplicate()}s of them, taken under the track
 * lock; each duplicate belongs to the transport stream it is written to, which releases it. No
 * payload byte is copied.
 */
public final class NetworkBroadcast implements BroadcastProducer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetworkBroadcast.class);

    /** The default retention window: 5 s, as the JS publisher. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

    enum End { OPEN, FINISHED, ABORTED }

    private final long windowMicros;
    private final Map<String, NetworkTrack> tracks = new ConcurrentHashMap<>();
    private final List<SubscriptionListener> subscriptionListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * Told when a session starts or stops serving a subscription to one of this broadcast's
     * tracks, e.g. to start a file's clock once a viewer is waiting. Called on the session's
     * executor; it must only hand the event on and never block.
     */
    @FunctionalInterface
    public interface SubscriptionListener {
        /**
         * @param subscriber identifies the peer: the same object for every subscription of one
         *                   session (compare with {@code ==}; its type is not part of the API)
         * @param track      the track's name
         * @param started    true when the subscription starts, false when it ends (its data
         *                   handed to the transport through the end, or cancelled)
         */
        void onSubscription(Object subscriber, String track, boolean started);
    }

    /**
     * Adds a listener of subscriptions starting and ending.
     *
     * @param listener the listener
     */
    public void addSubscriptionListener(SubscriptionListener listener) {
        subscriptionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener added by {@link #addSubscriptionListener}.
     *
     * @param listener the listener
     */
    public void removeSubscriptionListener(SubscriptionListener listener) {
        subscriptionListeners.remove(listener);
    }

    /**
     * @param track a track name
     * @return how many subscriptions to that track are being served now (0 for an unknown track);
     *     a subscription ends once everything up to the track's end was handed to the transport
     */
    public int activeSubscriptions(String track) {
        NetworkTrack t = tracks.get(track);
        return t == null ? 0 : t.active.get();
    }

    /** Called by a session's sender when it starts or stops serving {@code track}. */
    void subscription(Object subscriber, NetworkTrack track, boolean started) {
        if (started) {
            track.active.incrementAndGet();
        } else {
            track.active.decrementAndGet();
        }
        for (SubscriptionListener l : subscriptionListeners) {
            try {
                l.onSubscription(subscriber, track.info().name(), started);
            } catch (RuntimeException e) {
                log.warn("subscription listener failed: {}", e.toString());
            }
        }
    }

    /** Creates a broadcast with the {@link #DEFAULT_WINDOW}. */
    public NetworkBroadcast() {
        this(DEFAULT_WINDOW);
    }

    /**
     * Creates a broadcast with a retention window.
     *
     * @param window how far before the newest group older groups are kept for late joiners;
     *               zero keeps only the newest group
     */
    public NetworkBroadcast(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("negative window " + window);
        }
        this.windowMicros = window.toNanos() / 1000;
    }

    /** @return the retention window */
    public Duration window() {
        return Duration.ofNanos(windowMicros * 1000);
    }

    @Override
    public TrackProducer createTrack(Track track) {
        Objects.requireNonNull(track, "track");
        if (closed) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "broadcast is closed");
        }
        NetworkTrack created = new NetworkTrack(track);
        if (tracks.putIfAbsent(track.name(), created) != null) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "track " + track.name() + " already exists");
        }
        return created;
    }

    @Override
    public boolean hasTrack(String name) {
        return tracks.containsKey(name);
    }

    /** @return the names of the tracks created so far */
    public List<String> trackNames() {
        return List.copyOf(tracks.keySet());
    }

    /** @return the track of that name, or null */
    NetworkTrack track(String name) {
        return tracks.get(name);
    }

    /**
     * Ends the broadcast: open tracks are aborted (subscribers see a reset) and every retained
     * buffer is released. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NetworkTrack t : tracks.values()) {
            t.abort(new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "broadcast closed"));
            t.releaseAll();
        }
    }

    /** A frame as stored: its chunks (owned by the group) and its timestamp. */
    record StoredFrame(List<ByteBuf> chunks, long size, long timestampMicros) {
    }

    /** One track: the retained groups and the sessions to wake on change. */
    final class NetworkTrack implements TrackProducer {
        private final Track info;
        /** Retained groups, ascending sequence. Guarded by {@code this}. */
        private final ArrayDeque<NetworkGroup> groups = new ArrayDeque<>();
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        /** Subscriptions being served, for {@link #activeSubscriptions}. */
        final AtomicInteger active = new AtomicInteger();
        private long nextSequence;
        private End end = End.OPEN;

        NetworkTrack(Track info) {
            this.info = info;
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
                if (closed || end != End.OPEN) {
                    throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                            "cannot append a group to track " + info.name() + ": it has ended");
                }
                group = new NetworkGroup(this, nextSequence++);
                groups.addLast(group);
                evicted = evictLocked();
            }
            for (NetworkGroup g : evicted) {
                g.releaseFrames();
            }
            wake();
            return group;
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
            if (old.firstTimestamp != FrameProducer.NO_TIMESTAMP) {
                // Timestamped track: the newest group may not have its first frame yet; compare
                // with the latest timestamp seen on the track, which is at least as new.
                return latestTimestamp - old.firstTimestamp > windowMicros;
            }
            return (newest.createdNanos - old.createdNanos) / 1000 > windowMicros;
        }

        private long latestTimestamp = Long.MIN_VALUE;

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
                    if (g.end == End.OPEN) {
                        g.end = End.ABORTED;
                    }
                }
            }
            log.debug("track {} aborted: {}", info.name(), cause.toString());
            wake();
        }

        void releaseAll() {
            List<NetworkGroup> all;
            synchronized (this) {
                all = new ArrayList<>(groups);
                groups.clear();
                for (NetworkGroup g : all) {
                    g.markEvictedLocked();
                }
            }
            for (NetworkGroup g : all) {
                g.releaseFrames();
            }
            wake();
        }

        void addListener(Runnable r) {
            listeners.add(r);
        }

        void removeListener(Runnable r) {
            listeners.remove(r);
        }

        private void wake() {
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
            return NetworkBroadcast.this;
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

    /** One group: its finished frames, in order. */
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
                if (end != End.OPEN || closed) {
                    throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                            "cannot create a frame in group " + sequence + " of " + track.info.name() + ": it has ended");
                }
            }
            return new NetworkFrame(this, size, timestampMicros);
        }

        void addFrame(StoredFrame frame) {
            boolean release = false;
            List<NetworkGroup> dropped = List.of();
            synchronized (track) {
                if (end != End.OPEN || evicted) {
                    release = true;
                } else {
                    frames.add(frame);
                    if (frame.timestampMicros() != FrameProducer.NO_TIMESTAMP) {
                        if (firstTimestamp == FrameProducer.NO_TIMESTAMP) {
                            firstTimestamp = frame.timestampMicros();
                        }
                        if (frame.timestampMicros() > track.latestTimestamp) {
                            track.latestTimestamp = frame.timestampMicros();
                            // Time moved on: older groups may have left the window.
                            dropped = track.evictLocked();
                        }
                    }
                }
            }
            if (release) {
                frame.chunks().forEach(ByteBuf::release);
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                        "group " + sequence + " of " + track.info.name() + " has ended");
            }
            for (NetworkGroup g : dropped) {
                g.releaseFrames();
            }
            track.wake();
        }

        @Override
        public void finish() {
            synchronized (track) {
                if (end != End.OPEN) {
                    return;
                }
                end = End.FINISHED;
            }
            track.wake();
        }

        @Override
        public void abort(Throwable cause) {
            synchronized (track) {
                if (end != End.OPEN) {
                    return;
                }
                end = End.ABORTED;
            }
            track.wake();
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

        /** Under the track lock: the frames are released next and must no longer be read. */
        void markEvictedLocked() {
            evicted = true;
            countAtEviction = frames.size();
        }

        /** Called under the track lock by readers. */
        StoredFrame frameLocked(int index) {
            return frames.get(index);
        }

        void releaseFrames() {
            List<StoredFrame> all;
            synchronized (track) {
                all = new ArrayList<>(frames);
                frames.clear();
            }
            for (StoredFrame f : all) {
                f.chunks().forEach(ByteBuf::release);
            }
        }
    }

    /**
     * A frame being written: chunks are kept as given (no copy) until it is finished. The frame
     * contract (declared size, refusal with release, one end) is {@link AbstractFrameProducer}'s.
     */
    private static final class NetworkFrame extends AbstractFrameProducer {
        private final NetworkGroup group;
        /** Each chunk's reference is this frame's until {@link #onFinish} hands them to the group. */
        private List<ByteBuf> chunks = new ArrayList<>(2);

        NetworkFrame(NetworkGroup group, long size, long timestamp) {
            super(size, timestamp);
            this.group = group;
        }

        @Override
        protected void onChunk(ByteBuf chunk) {
            if (chunk.isReadable()) {
                chunks.add(chunk);
            } else {
                chunk.release();
            }
        }

        @Override
        protected void onFinish() {
            List<ByteBuf> done = chunks;
            chunks = null;
            group.addFrame(new StoredFrame(List.copyOf(done), size(), timestampMicros()));
        }

        @Override
        protected void onAbort(Throwable cause) {
            chunks.forEach(ByteBuf::release);
            chunks = null;
        }

        @Override
        protected String where() {
            return " in group " + group.sequence + " of " + group.track.info().name();
        }
    }
}
