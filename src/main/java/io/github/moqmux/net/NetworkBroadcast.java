package io.github.moqmux.net;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /** How a track or group of this broadcast ended, if it did; read under the track's lock. */
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
        NetworkTrack created = new NetworkTrack(this, track, windowMicros);
        if (tracks.putIfAbsent(track.name(), created) != null) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "track " + track.name() + " already exists");
        }
        return created;
    }

    @Override
    public boolean hasTrack(String name) {
        return tracks.containsKey(name);
    }

    /** @return whether {@link #close} was called; tracks and groups then refuse new data */
    boolean isClosed() {
        return closed;
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
}
