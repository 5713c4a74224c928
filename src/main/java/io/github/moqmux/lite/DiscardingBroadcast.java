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

    /** Storage only: the contract is {@link AbstractTrackProducer}'s. */
    private static final class TrackSink extends AbstractTrackProducer {
        private final Counters counters;

        TrackSink(Track info, Counters counters) {
            super(info);
            this.counters = counters;
        }

        @Override
        protected GroupProducer onAppendGroup(long sequence) {
            counters.groups.incrementAndGet();
            return new GroupSink(this, sequence);
        }
    }

    /** Storage only: the contract is {@link AbstractGroupProducer}'s. */
    private static final class GroupSink extends AbstractGroupProducer {
        private final TrackSink track;
        private int openFrames;

        GroupSink(TrackSink track, long sequence) {
            super(sequence);
            this.track = track;
        }

        @Override
        protected FrameProducer onCreateFrame(long size, long timestampMicros) {
            openFrames++;
            return new FrameSink(this, size);
        }

        @Override
        protected void checkFinishable() {
            if (openFrames > 0) {
                throw illegal("cannot finish " + this + ": " + openFrames + " frame(s) not finished");
            }
        }

        @Override
        public String toString() {
            return super.toString() + " of track " + track.info().name();
        }
    }

    /** Counts and releases: the contract is {@link AbstractFrameProducer}'s. */
    private static final class FrameSink extends AbstractFrameProducer {
        private final GroupSink group;

        FrameSink(GroupSink group, long size) {
            super(size, NO_TIMESTAMP);
            this.group = group;
        }

        @Override
        protected void onChunk(ByteBuf chunk) {
            chunk.release();
            if (group.abortCause() != null) {
                // As before the bases: an aborted group takes no more bytes, even into an open frame.
                throw illegal("cannot write to an ended frame in " + group);
            }
        }

        @Override
        protected void onFinish() {
            group.openFrames--;
            group.track.counters.frames.incrementAndGet();
            group.track.counters.bytes.addAndGet(size());
        }

        @Override
        protected void onAbort(Throwable cause) {
            group.openFrames--;
        }

        @Override
        protected String where() {
            return " in " + group;
        }
    }
}
