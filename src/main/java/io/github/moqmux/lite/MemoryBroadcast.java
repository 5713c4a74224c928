package io.github.moqmux.lite;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory broadcast: a {@link BroadcastProducer} that keeps every group and frame until
 * {@link #close()} (or, with a retention policy, the last N groups per track
 * ({@link #keepingLastGroups(int)}) or a time window per track ({@link #keepingWindow(Duration)})),
 * with blocking consumers and snapshot accessors. Used by tests, by the CLI and for embedding the
 * importer in a process that serves the frames itself.
 *
 * <pre>{@code
 * try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
 *     TrackProducer track = broadcast.uniqueTrack(".hang");          // "0.hang"
 *     GroupProducer group = track.appendGroup();
 *     group.writeFrame(alloc.buffer().writeBytes(bytes));             // ownership passes on
 *     group.finish();
 *     track.finish();
 *
 *     List<List<byte[]>> frames = broadcast.frames("0.hang");         // copies, per group
 *     TrackConsumer consumer = broadcast.subscribe("0.hang");         // or read live
 * }                                                                   // releases every buffer
 * }</pre>
 *
 * <h2>Threads</h2>
 * Thread-safe: one producer thread (as the importer uses it) and any number of consumer threads.
 * Consumers block until the data they ask for exists. All state is guarded by one lock.
 *
 * <h2>Buffer ownership</h2>
 * <ul>
 * <li>Chunks passed to {@link FrameProducer#write} belong to this broadcast, which releases them
 *     in {@link #close()} — or at once if the write is refused, the chunk is empty, or the frame
 *     or its group is aborted. A frame written in several chunks is stored as a
 *     {@link CompositeByteBuf} over those chunks, without copying.</li>
 * <li>{@link GroupConsumer#nextFrame} returns a {@code retainedDuplicate()} that the consumer
 *     owns and releases; it outlives {@link #close()}.</li>
 * <li>{@link #frames(String)} returns copies; nothing to release.</li>
 * </ul>
 *
 * <p>Inside, the producer contract is the {@code lite} bases' ({@link AbstractTrackProducer},
 * {@link AbstractGroupProducer}, {@link AbstractFrameProducer}); package-private classes store
 * the tracks, groups and frames and serve the consumers.
 *
 * <h2>Misuse</h2>
 * Producer calls against the contract throw {@link MoqMuxException} of kind
 * {@code ILLEGAL_STATE}: a duplicate track name, a chunk beyond the declared frame size, finishing
 * a frame with fewer bytes, writing to a finished or aborted frame, creating a frame in an ended
 * group, appending a group to an ended track, finishing a group while one of its frames is
 * unfinished, and producing into a closed broadcast. {@code finish()} and {@code abort()} of
 * groups and tracks never throw for an already ended object (the first end wins) nor after
 * {@link #close()}, so cleanup paths can call them unconditionally.
 */
public final class MemoryBroadcast implements BroadcastProducer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemoryBroadcast.class);

    final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every change a consumer may wait for; few waiters, so one condition is enough. */
    final Condition changed = lock.newCondition();
    private final Map<String, MemoryTrack> tracks = new LinkedHashMap<>();
    /** Per suffix, the lowest index {@link #uniqueTrack} may find free (all below are taken). */
    private final Map<String, Long> nextIndex = new HashMap<>();
    private boolean closed;

    /** What each track keeps; older ended groups are released. */
    final Retention retention;
    private final LongSupplier nanoClock;

    /**
     * A retention policy: a group is kept while it is among the last {@code groups} of its track
     * and within {@code windowMicros} of the newest (a negative window: no time limit).
     */
    record Retention(int groups, long windowMicros) {
        static final Retention ALL = new Retention(Integer.MAX_VALUE, -1);
    }

    /** Creates an empty broadcast that keeps every group until {@link #close()}. */
    public MemoryBroadcast() {
        this(Retention.ALL, System::nanoTime);
    }

    /**
     * Creates an empty broadcast that keeps at most the last {@code groups} groups of each track,
     * so a long live stream does not grow memory: when a group is appended, the oldest groups that
     * have ended are released. A subscriber that falls behind starts at the oldest group kept; a
     * {@link GroupConsumer} of a released group fails with {@code ILLEGAL_STATE}.
     *
     * @param groups how many groups per track to keep, at least 1
     * @return the broadcast
     * @throws IllegalArgumentException if {@code groups} is less than 1
     */
    public static MemoryBroadcast keepingLastGroups(int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException("must keep at least one group: " + groups);
        }
        return new MemoryBroadcast(new Retention(groups, -1), System::nanoTime);
    }

    /**
     * Creates an empty broadcast that keeps, per track, the newest group and the older groups that
     * started at most {@code window} before "now", so a long live stream does not grow memory and
     * a late subscriber can still start a little in the past.
     *
     * <p>Time is the media's when frames carry it: a group starts at the timestamp of its first
     * finished frame that has one ({@link GroupProducer#createFrame(long, long)},
     * {@link GroupProducer#writeFrame(long, ByteBuf, ByteBuf)}), and "now" is the newest timestamp
     * finished on the track, so importing a file faster than real time keeps the same groups as
     * playing it live. A group without timestamped frames (a catalog group, or a producer that
     * uses only {@code createFrame(size)}) is judged by wall-clock instead: by the time it was
     * appended, compared with the time the track's newest group was appended. Groups are released
     * when a group is appended or a newer timestamp is finished; open groups and the newest group
     * are never released. Readers behave as with {@link #keepingLastGroups(int)}.
     *
     * @param window how long before the newest group older groups are kept; zero keeps only the
     *               newest group (and any still open)
     * @return the broadcast
     * @throws IllegalArgumentException if {@code window} is negative
     */
    public static MemoryBroadcast keepingWindow(Duration window) {
        return keepingWindow(window, System::nanoTime);
    }

    /** As {@link #keepingWindow(Duration)}, with the wall clock given (tests). */
    static MemoryBroadcast keepingWindow(Duration window, LongSupplier nanoClock) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("negative window " + window);
        }
        return new MemoryBroadcast(new Retention(Integer.MAX_VALUE, nanos(window) / 1000), nanoClock);
    }

    private MemoryBroadcast(Retention retention, LongSupplier nanoClock) {
        this.retention = retention;
        this.nanoClock = nanoClock;
    }

    // ---------------------------------------------------------------- producer side

    /**
     * {@inheritDoc}
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the name is taken or the broadcast
     *     is closed
     */
    @Override
    public TrackProducer createTrack(Track track) {
        Objects.requireNonNull(track, "track");
        lock.lock();
        try {
            checkNotClosed();
            if (tracks.containsKey(track.name())) {
                throw illegal("track " + track.name() + " already exists");
            }
            MemoryTrack state = new MemoryTrack(this, track);
            tracks.put(track.name(), state);
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Picks the name and creates the track under this broadcast's lock; the next free index of
     * each suffix is remembered (tracks are never removed, so every index below it stays taken).
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the broadcast is closed
     */
    @Override
    public TrackProducer uniqueTrack(String suffix, int priority) {
        Objects.requireNonNull(suffix, "suffix");
        lock.lock();
        try {
            long i = nextIndex.getOrDefault(suffix, 0L);
            while (tracks.containsKey(i + suffix)) {
                i++;
            }
            TrackProducer track = createTrack(new Track(i + suffix, priority));
            nextIndex.put(suffix, i + 1);
            return track;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasTrack(String name) {
        lock.lock();
        try {
            return tracks.containsKey(name);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- consumer side

    /** @return the names of all tracks, in creation order */
    public List<String> trackNames() {
        lock.lock();
        try {
            return List.copyOf(tracks.keySet());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Subscribes to a track from its first group. Each call returns an independent consumer.
     *
     * @param name the track name
     * @return a consumer positioned before group 0
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if there is no such track or the
     *     broadcast is closed
     */
    public TrackConsumer subscribe(String name) {
        lock.lock();
        try {
            checkNotClosed();
            return new MemoryTrackReader(track(name));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Copies every finished frame of every group kept of a track, as it is now. Groups appear in
     * sequence order, including open and aborted ones (with the frames finished so far).
     *
     * @param trackName the track name
     * @return one list of frame copies per group; unmodifiable
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if there is no such track or the
     *     broadcast is closed
     */
    public List<List<byte[]>> frames(String trackName) {
        lock.lock();
        try {
            checkNotClosed();
            MemoryTrack track = track(trackName);
            List<List<byte[]>> groups = new ArrayList<>(track.groups.size());
            for (MemoryGroup group : track.groups) {
                List<byte[]> frames = new ArrayList<>(group.frames.size());
                for (MemoryFrame frame : group.frames) {
                    if (frame.finished) {
                        frames.add(ByteBufUtil.getBytes(frame.data));
                    }
                }
                groups.add(List.copyOf(frames));
            }
            return List.copyOf(groups);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param trackName the track name
     * @return whether the track was finished normally (not aborted)
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if there is no such track
     */
    public boolean isFinished(String trackName) {
        lock.lock();
        try {
            return track(trackName).end == MemoryTrack.End.FINISHED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param trackName the track name
     * @return the cause the track was aborted with, or {@code null} if it was not aborted
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if there is no such track
     */
    public Throwable abortCause(String trackName) {
        lock.lock();
        try {
            return track(trackName).cause;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases every stored buffer and ends the broadcast. Idempotent. Afterwards producer calls
     * fail (except {@code finish}/{@code abort}, which do nothing), consumers fail — including
     * those blocked in {@code nextGroup}/{@code nextFrame}, which wake up — and
     * {@link #frames(String)} fails. Buffers already returned by {@code nextFrame} stay valid.
     */
    @Override
    public void close() {
        int released = 0;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (MemoryTrack track : tracks.values()) {
                released += track.releaseAllLocked();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.debug("closed broadcast; released {} buffers", released);
    }

    // ---------------------------------------------------------------- internals

    private MemoryTrack track(String name) {
        MemoryTrack track = tracks.get(name);
        if (track == null) {
            throw illegal("no track named " + name);
        }
        return track;
    }

    /** @return whether {@link #close()} ran; call under {@link #lock} */
    boolean isClosedLocked() {
        return closed;
    }

    /** @return the wall clock for the time window, in {@link System#nanoTime()} scale */
    long nanoTime() {
        return nanoClock.getAsLong();
    }

    void checkNotClosed() {
        if (closed) {
            throw illegal("broadcast is closed");
        }
    }

    static MoqMuxException illegal(String detail) {
        return new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, detail);
    }

    static MoqMuxException aborted(String what, Throwable cause) {
        return new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, MoqMuxException.NO_OFFSET,
                what + " was aborted: " + cause, cause);
    }

    static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return timeout.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }
}
