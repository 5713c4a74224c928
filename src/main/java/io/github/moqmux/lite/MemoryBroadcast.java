package io.github.moqmux.lite;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory broadcast: a {@link BroadcastProducer} that keeps every group and frame until
 * {@link #close()} (or, with {@link #keepingLastGroups(int)}, the last N groups per track), with
 * blocking consumers and snapshot accessors. Used by tests, by the CLI and
 * for embedding the importer in a process that serves the frames itself.
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

    private enum End { OPEN, FINISHED, ABORTED }

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every change a consumer may wait for; few waiters, so one condition is enough. */
    private final Condition changed = lock.newCondition();
    private final Map<String, TrackState> tracks = new LinkedHashMap<>();
    /** Per suffix, the lowest index {@link #uniqueTrack} may find free (all below are taken). */
    private final Map<String, Long> nextIndex = new HashMap<>();
    private boolean closed;

    /** How many groups each track keeps; older ended groups are released (Integer.MAX_VALUE: all). */
    private final int keepGroups;

    /** Creates an empty broadcast that keeps every group until {@link #close()}. */
    public MemoryBroadcast() {
        this.keepGroups = Integer.MAX_VALUE;
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
        return new MemoryBroadcast(groups);
    }

    private MemoryBroadcast(int keepGroups) {
        this.keepGroups = keepGroups;
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
            TrackState state = new TrackState(track);
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
            return new TrackReader(track(name));
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
            TrackState track = track(trackName);
            List<List<byte[]>> groups = new ArrayList<>(track.groups.size());
            for (GroupState group : track.groups) {
                List<byte[]> frames = new ArrayList<>(group.frames.size());
                for (FrameState frame : group.frames) {
                    if (frame.end == End.FINISHED) {
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
            return track(trackName).end == End.FINISHED;
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
            for (TrackState track : tracks.values()) {
                for (GroupState group : track.groups) {
                    for (FrameState frame : group.frames) {
                        released += frame.releaseAll();
                    }
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.debug("closed broadcast; released {} buffers", released);
    }

    // ---------------------------------------------------------------- internals

    private TrackState track(String name) {
        TrackState track = tracks.get(name);
        if (track == null) {
            throw illegal("no track named " + name);
        }
        return track;
    }

    private void checkNotClosed() {
        if (closed) {
            throw illegal("broadcast is closed");
        }
    }

    private static MoqMuxException illegal(String detail) {
        return new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, detail);
    }

    private static MoqMuxException aborted(String what, Throwable cause) {
        return new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, MoqMuxException.NO_OFFSET,
                what + " was aborted: " + cause, cause);
    }

    private static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return timeout.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    private final class TrackState implements TrackProducer {
        private final Track info;
        /** The groups kept, oldest first; {@link #evicted} older ones were released. */
        private final List<GroupState> groups = new ArrayList<>();
        private long evicted;
        private End end = End.OPEN;
        private Throwable cause;

        TrackState(Track info) {
            this.info = info;
        }

        @Override
        public Track info() {
            return info;
        }

        @Override
        public GroupProducer appendGroup() {
            lock.lock();
            try {
                checkNotClosed();
                if (end != End.OPEN) {
                    throw illegal("cannot append a group to track " + info.name() + ": it is "
                            + end.name().toLowerCase(Locale.ROOT));
                }
                GroupState group = new GroupState(this, evicted + groups.size());
                groups.add(group);
                evictLocked();
                changed.signalAll();
                return group;
            } finally {
                lock.unlock();
            }
        }

        /** Releases the oldest ended groups beyond the retention limit. */
        private void evictLocked() {
            while (groups.size() > keepGroups && groups.get(0).end != End.OPEN) {
                GroupState old = groups.remove(0);
                old.evicted = true;
                for (FrameState frame : old.frames) {
                    frame.releaseAll();
                }
                evicted++;
            }
        }

        @Override
        public void finish() {
            lock.lock();
            try {
                if (closed || end != End.OPEN) {
                    return;
                }
                end = End.FINISHED;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void abort(Throwable cause) {
            Objects.requireNonNull(cause, "cause");
            lock.lock();
            try {
                if (closed || end != End.OPEN) {
                    return;
                }
                end = End.ABORTED;
                this.cause = cause;
                // Finished groups stay readable; open ones can never complete now.
                for (GroupState group : groups) {
                    group.abortLocked(cause);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            log.debug("track {} aborted", info.name(), cause);
        }
    }

    private final class GroupState implements GroupProducer {
        private final TrackState track;
        private final long sequence;
        /** In creation order; aborted frames are removed, so every entry is open or finished. */
        private final List<FrameState> frames = new ArrayList<>();
        private End end = End.OPEN;
        private Throwable cause;
        /** Set when the retention policy released this group's frames. */
        private boolean evicted;

        GroupState(TrackState track, long sequence) {
            this.track = track;
            this.sequence = sequence;
        }

        @Override
        public long sequence() {
            return sequence;
        }

        /**
         * {@inheritDoc}
         *
         * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the size is negative, the group
         *     has ended or the broadcast is closed; of kind {@code UNSUPPORTED} if the size does
         *     not fit a single in-memory buffer (above {@link Integer#MAX_VALUE})
         */
        @Override
        public FrameProducer createFrame(long size) {
            lock.lock();
            try {
                checkNotClosed();
                if (end != End.OPEN) {
                    throw illegal("cannot create a frame in " + this + ": it is "
                            + end.name().toLowerCase(Locale.ROOT));
                }
                if (size < 0) {
                    throw illegal("negative frame size " + size + " in " + this);
                }
                if (size > Integer.MAX_VALUE) {
                    throw new MoqMuxException(MoqMuxException.Kind.UNSUPPORTED,
                            "frame of " + size + " bytes does not fit in memory (" + this + ")");
                }
                FrameState frame = new FrameState(this, size);
                frames.add(frame);
                return frame;
            } finally {
                lock.unlock();
            }
        }

        /**
         * {@inheritDoc}
         *
         * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if a frame of this group is not
         *     finished yet (the group stays open, so it can still be aborted)
         */
        @Override
        public void finish() {
            lock.lock();
            try {
                if (closed || end != End.OPEN) {
                    return;
                }
                for (FrameState frame : frames) {
                    if (frame.end != End.FINISHED) {
                        throw illegal("cannot finish " + this + ": a frame of " + frame.size
                                + " bytes has only " + frame.written + " written and is not finished");
                    }
                }
                end = End.FINISHED;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void abort(Throwable cause) {
            Objects.requireNonNull(cause, "cause");
            lock.lock();
            try {
                if (!closed) {
                    abortLocked(cause);
                }
            } finally {
                lock.unlock();
            }
        }

        void abortLocked(Throwable cause) {
            if (end != End.OPEN) {
                return;
            }
            end = End.ABORTED;
            this.cause = cause;
            // Iterate over a copy: discarding a frame removes it from the list.
            for (FrameState frame : List.copyOf(frames)) {
                if (frame.end == End.OPEN) {
                    frame.discardLocked();
                }
            }
            changed.signalAll();
        }

        @Override
        public String toString() {
            return "group " + sequence + " of track " + track.info.name();
        }
    }

    private final class FrameState implements FrameProducer {
        private final GroupState group;
        private final long size;
        private long written;
        /** Chunks while open; null once finished or discarded. */
        private List<ByteBuf> chunks = new ArrayList<>(2);
        /** The frame's bytes once finished: exactly {@code size} readable bytes. */
        private ByteBuf data;
        private End end = End.OPEN;

        FrameState(GroupState group, long size) {
            this.group = group;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void write(ByteBuf chunk) {
            Objects.requireNonNull(chunk, "chunk");
            boolean kept = false;
            lock.lock();
            try {
                checkNotClosed();
                if (end != End.OPEN) {
                    throw illegal("cannot write to a " + end.name().toLowerCase(Locale.ROOT)
                            + " frame in " + group);
                }
                int n = chunk.readableBytes();
                if (n > size - written) {
                    throw illegal("chunk of " + n + " bytes overflows frame of " + size + " bytes ("
                            + written + " already written) in " + group);
                }
                if (n > 0) {
                    chunks.add(chunk);
                    written += n;
                    kept = true;
                }
            } finally {
                lock.unlock();
                // The chunk was transferred to us; a refused or empty one is released here.
                if (!kept) {
                    chunk.release();
                }
            }
        }

        /**
         * {@inheritDoc} Finishing a finished frame again does nothing.
         *
         * @throws MoqMuxException of kind {@code ILLEGAL_STATE} also if the frame was aborted or
         *     the broadcast is closed; when bytes are missing the frame stays open
         */
        @Override
        public void finish() {
            lock.lock();
            try {
                checkNotClosed();
                if (end == End.FINISHED) {
                    return;
                }
                if (end == End.ABORTED) {
                    throw illegal("cannot finish an aborted frame in " + group);
                }
                if (written != size) {
                    throw illegal("frame declared " + size + " bytes but only " + written
                            + " were written in " + group);
                }
                data = assemble();
                chunks = null;
                end = End.FINISHED;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void abort(Throwable cause) {
            lock.lock();
            try {
                if (!closed && end == End.OPEN) {
                    discardLocked();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Drops the partial bytes and removes the frame so that readers move past it. */
        void discardLocked() {
            releaseAll();
            end = End.ABORTED;
            group.frames.remove(this);
            changed.signalAll();
        }

        /** @return how many buffers were released */
        int releaseAll() {
            int released = 0;
            if (chunks != null) {
                for (ByteBuf chunk : chunks) {
                    chunk.release();
                    released++;
                }
                chunks = null;
            }
            if (data != null) {
                data.release();
                data = null;
                released++;
            }
            return released;
        }

        /** @return the frame's bytes, owning every chunk's reference */
        private ByteBuf assemble() {
            List<ByteBuf> parts = chunks;
            if (parts.isEmpty()) {
                return Unpooled.EMPTY_BUFFER;
            }
            if (parts.size() == 1) {
                return parts.get(0);
            }
            // Exactly as many components as chunks: with fewer allowed, Netty would consolidate
            // (copy) them.
            CompositeByteBuf composite = parts.get(0).alloc().compositeBuffer(parts.size());
            // From here on the composite owns the chunks (Netty releases those it could not add
            // if adding fails), so this frame must not release them a second time.
            chunks = null;
            try {
                return composite.addComponents(true, parts);
            } catch (RuntimeException | Error e) {
                composite.release();
                discardLocked();
                throw e;
            }
        }
    }

    private final class TrackReader implements TrackConsumer {
        private final TrackState track;
        /** Sequence of the next group to return. */
        private long next;

        TrackReader(TrackState track) {
            this.track = track;
        }

        @Override
        public Track info() {
            return track.info;
        }

        @Override
        public GroupConsumer nextGroup(Duration timeout) throws InterruptedException, TimeoutException {
            long remaining = nanos(timeout);
            lock.lockInterruptibly();
            try {
                for (;;) {
                    checkNotClosed();
                    // A reader behind the retention window continues at the oldest group kept.
                    next = Math.max(next, track.evicted);
                    if (next - track.evicted < track.groups.size()) {
                        return new GroupReader(track.groups.get((int) (next++ - track.evicted)));
                    }
                    if (track.end == End.FINISHED) {
                        return null;
                    }
                    if (track.end == End.ABORTED) {
                        throw aborted("track " + track.info.name(), track.cause);
                    }
                    if (remaining <= 0) {
                        throw new TimeoutException("no group " + next + " on track " + track.info.name()
                                + " within " + timeout);
                    }
                    remaining = changed.awaitNanos(remaining);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private final class GroupReader implements GroupConsumer {
        private final GroupState group;
        private int next;

        GroupReader(GroupState group) {
            this.group = group;
        }

        @Override
        public long sequence() {
            return group.sequence;
        }

        @Override
        public ByteBuf nextFrame(Duration timeout) throws InterruptedException, TimeoutException {
            long remaining = nanos(timeout);
            lock.lockInterruptibly();
            try {
                for (;;) {
                    checkNotClosed();
                    if (group.evicted) {
                        throw illegal(group + " was released by the retention policy");
                    }
                    // Only unfinished frames are ever removed, and every frame before `next` is
                    // finished, so removals never shift the frames this reader has returned.
                    if (next < group.frames.size() && group.frames.get(next).end == End.FINISHED) {
                        return group.frames.get(next++).data.retainedDuplicate();
                    }
                    if (next >= group.frames.size()) {
                        if (group.end == End.FINISHED) {
                            return null;
                        }
                        if (group.end == End.ABORTED) {
                            throw aborted(group.toString(), group.cause);
                        }
                    }
                    if (remaining <= 0) {
                        throw new TimeoutException("no frame " + next + " finished in " + group
                                + " within " + timeout);
                    }
                    remaining = changed.awaitNanos(remaining);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
