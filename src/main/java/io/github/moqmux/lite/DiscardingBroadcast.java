package io.github.moqmux.lite;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broadcast that stores nothing: every buffer is released as soon as it is written, and only
 * the number of groups, frames and bytes is counted per track. Meant for benchmarks, where
 * keeping the frames would measure the heap instead of the importer.
 *
 * <pre>{@code
 * DiscardingBroadcast sink = new DiscardingBroadcast();
 * importer = new Fmp4Importer(sink, catalog, config);
 * importer.decodeFrom(in);
 * log.info("{} bytes in {} frames", sink.totalBytes(), sink.totalFrames());
 * }</pre>
 *
 * <p>It enforces the same producer contract as {@link MemoryBroadcast} (declared frame sizes,
 * no writes after finish, no groups after the track ended, unique track names), so a benchmark
 * cannot pass with output that a real transport would refuse. Misuse throws
 * {@link MoqMuxException} of kind {@code ILLEGAL_STATE}, and a refused chunk is still released.
 *
 * <p>Producing is meant for one thread; the counting accessors may be called from any thread and
 * see a recent value.
 */
public final class DiscardingBroadcast implements BroadcastProducer {
    private final Map<String, Counters> tracks = new LinkedHashMap<>();
    /** Per suffix, the lowest index {@link #uniqueTrack} may find free; guarded by {@code tracks}. */
    private final Map<String, Long> nextIndex = new HashMap<>();

    /** Creates an empty broadcast. */
    public DiscardingBroadcast() {
    }

    /**
     * {@inheritDoc}
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the name is taken
     */
    @Override
    public TrackProducer createTrack(Track track) {
        Objects.requireNonNull(track, "track");
        Counters counters = new Counters();
        synchronized (tracks) {
            if (tracks.containsKey(track.name())) {
                throw illegal("track " + track.name() + " already exists");
            }
            tracks.put(track.name(), counters);
        }
        return new TrackSink(track, counters);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Picks the name and creates the track under one lock, remembering the next free index of
     * each suffix.
     */
    @Override
    public TrackProducer uniqueTrack(String suffix, int priority) {
        Objects.requireNonNull(suffix, "suffix");
        synchronized (tracks) {
            long i = nextIndex.getOrDefault(suffix, 0L);
            while (tracks.containsKey(i + suffix)) {
                i++;
            }
            TrackProducer track = createTrack(new Track(i + suffix, priority));
            nextIndex.put(suffix, i + 1);
            return track;
        }
    }

    @Override
    public boolean hasTrack(String name) {
        synchronized (tracks) {
            return tracks.containsKey(name);
        }
    }

    /** @return the names of all tracks, in creation order */
    public List<String> trackNames() {
        synchronized (tracks) {
            return List.copyOf(tracks.keySet());
        }
    }

    /**
     * @param trackName a track name
     * @return how many groups were appended to the track
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if there is no such track
     */
    public long groups(String trackName) {
        return counters(trackName).groups.get();
    }

    /**
     * @param trackName a track name
     * @return how many frames of the track were finished (aborted frames do not count)
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if there is no such track
     */
    public long frames(String trackName) {
        return counters(trackName).frames.get();
    }

    /**
     * @param trackName a track name
     * @return the total size of the track's finished frames, in bytes
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if there is no such track
     */
    public long bytes(String trackName) {
        return counters(trackName).bytes.get();
    }

    /** @return the number of finished frames over all tracks */
    public long totalFrames() {
        synchronized (tracks) {
            return tracks.values().stream().mapToLong(c -> c.frames.get()).sum();
        }
    }

    /** @return the size of all finished frames over all tracks, in bytes */
    public long totalBytes() {
        synchronized (tracks) {
            return tracks.values().stream().mapToLong(c -> c.bytes.get()).sum();
        }
    }

    private Counters counters(String trackName) {
        synchronized (tracks) {
            Counters counters = tracks.get(trackName);
            if (counters == null) {
                throw illegal("no track named " + trackName);
            }
            return counters;
        }
    }

    private static MoqMuxException illegal(String detail) {
        return new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, detail);
    }

    /** Written by the producer thread only; atomics just make the values visible to readers. */
    private static final class Counters {
        final AtomicLong groups = new AtomicLong();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
    }

    private static final class TrackSink implements TrackProducer {
        private final Track info;
        private final Counters counters;
        private long nextSequence;
        private boolean ended;

        TrackSink(Track info, Counters counters) {
            this.info = info;
            this.counters = counters;
        }

        @Override
        public Track info() {
            return info;
        }

        @Override
        public GroupProducer appendGroup() {
            if (ended) {
                throw illegal("cannot append a group to ended track " + info.name());
            }
            counters.groups.incrementAndGet();
            return new GroupSink(this, nextSequence++);
        }

        @Override
        public void finish() {
            ended = true;
        }

        @Override
        public void abort(Throwable cause) {
            ended = true;
        }
    }

    private static final class GroupSink implements GroupProducer {
        private final TrackSink track;
        private final long sequence;
        private int openFrames;
        private boolean ended;

        GroupSink(TrackSink track, long sequence) {
            this.track = track;
            this.sequence = sequence;
        }

        @Override
        public long sequence() {
            return sequence;
        }

        @Override
        public FrameProducer createFrame(long size) {
            if (ended || size < 0) {
                throw illegal(ended ? "cannot create a frame in ended " + this
                        : "negative frame size " + size + " in " + this);
            }
            openFrames++;
            return new FrameSink(this, size);
        }

        /**
         * {@inheritDoc}
         *
         * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if a frame of this group is not
         *     finished yet
         */
        @Override
        public void finish() {
            if (ended) {
                return;
            }
            if (openFrames > 0) {
                throw illegal("cannot finish " + this + ": " + openFrames + " frame(s) not finished");
            }
            ended = true;
        }

        @Override
        public void abort(Throwable cause) {
            ended = true;
        }

        @Override
        public String toString() {
            return "group " + sequence + " of track " + track.info.name();
        }
    }

    private static final class FrameSink implements FrameProducer {
        private final GroupSink group;
        private final long size;
        private long written;
        private boolean finished;
        private boolean aborted;

        FrameSink(GroupSink group, long size) {
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
            int n = chunk.readableBytes();
            // Ownership was transferred: released whether accepted or refused.
            chunk.release();
            if (finished || aborted || group.ended || n > size - written) {
                throw refused(n);
            }
            written += n;
        }

        /** Kept out of {@link #write} so the hot path stays small enough to inline. */
        private MoqMuxException refused(int n) {
            if (finished || aborted || group.ended) {
                return illegal("cannot write to an ended frame in " + group);
            }
            return illegal("chunk of " + n + " bytes overflows frame of " + size + " bytes ("
                    + written + " already written) in " + group);
        }

        /**
         * {@inheritDoc} Finishing a finished frame again does nothing.
         *
         * @throws MoqMuxException of kind {@code ILLEGAL_STATE} also if the frame was aborted
         */
        @Override
        public void finish() {
            if (finished) {
                return;
            }
            if (aborted || written != size) {
                throw unfinishable();
            }
            finished = true;
            group.openFrames--;
            group.track.counters.frames.incrementAndGet();
            group.track.counters.bytes.addAndGet(size);
        }

        private MoqMuxException unfinishable() {
            if (aborted) {
                return illegal("cannot finish an aborted frame in " + group);
            }
            return illegal("frame declared " + size + " bytes but only " + written
                    + " were written in " + group);
        }

        @Override
        public void abort(Throwable cause) {
            if (!finished && !aborted) {
                aborted = true;
                group.openFrames--;
            }
        }
    }
}
