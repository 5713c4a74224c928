package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The importer's output for one file, held in memory and ordered by presentation time, so that
 * {@code bench serve} can publish the same frames at the file's real-time pace to both fan-outs.
 *
 * <p>Why a recording rather than the importer running live: a fragment holds seconds of one track
 * and then seconds of the next, so the importer publishes video and audio in bursts; a live
 * source interleaves them by time. Replaying the importer's frames in timestamp order is what a
 * live encoder feeding the importer produces, and it lets the raw baseline send the very same
 * bytes at the very same instants. The import cost itself is what {@code bench} measures.
 *
 * <p>Ownership: every frame is one direct buffer owned by this schedule (copied once from the
 * importer's output, outside any measurement) and released by {@link #close()}; senders send
 * {@code retainedDuplicate()}s.
 */
final class FanoutSchedule implements AutoCloseable {
    /** One media frame: its track, whether it starts a group, its presentation time and bytes. */
    record Event(int track, boolean newGroup, long timestampMicros, ByteBuf bytes) {
    }

    /** A group of the catalog track: its frames. */
    record CatalogGroup(List<ByteBuf> frames) {
    }

    private final List<Track> mediaTracks;
    private final Track catalogTrack;
    private final List<CatalogGroup> catalog;
    private final List<Event> events;
    private final long firstMicros;
    private final long loopMicros;

    private FanoutSchedule(List<Track> mediaTracks, Track catalogTrack, List<CatalogGroup> catalog,
                           List<Event> events, long firstMicros, long loopMicros) {
        this.mediaTracks = mediaTracks;
        this.catalogTrack = catalogTrack;
        this.catalog = catalog;
        this.events = events;
        this.firstMicros = firstMicros;
        this.loopMicros = loopMicros;
    }

    /**
     * Imports {@code input} (not released) and records its frames.
     *
     * @throws MoqMuxException when the input is not a complete fMP4 file with timestamped samples
     */
    static FanoutSchedule record(ByteBuf input, boolean passthrough) {
        Recorder recorder = new Recorder();
        ByteBuf view = input.duplicate();
        try (CatalogProducer catalog = new CatalogProducer(recorder);
             Fmp4Importer importer = new Fmp4Importer(recorder, catalog,
                 Fmp4Config.defaults().withPassthrough(passthrough))) {
            importer.decode(view);
            if (!importer.isInitialized()) {
                throw new MoqMuxException(MoqMuxException.Kind.MISSING_BOX, importer.position(),
                    "input ended without a moov box");
            }
            importer.finish();
        } catch (RuntimeException e) {
            recorder.release();
            throw e;
        }
        return recorder.toSchedule();
    }

    /** @return the media tracks, in the order {@link Event#track()} indexes */
    List<Track> mediaTracks() {
        return mediaTracks;
    }

    /** @return the catalog track, or null when the importer wrote none */
    Track catalogTrack() {
        return catalogTrack;
    }

    /** @return the catalog track's groups, published before the media */
    List<CatalogGroup> catalog() {
        return catalog;
    }

    /** @return the file's media frames of one pass, in presentation order */
    int frames() {
        return events.size();
    }

    /**
     * The {@code i}-th frame of an endless loop over the file: pass {@code i / frames()} with its
     * timestamps shifted by that many file durations, so timestamps keep increasing.
     */
    Event event(long i) {
        Event e = events.get((int) (i % events.size()));
        long pass = i / events.size();
        return pass == 0 ? e : new Event(e.track(), e.newGroup(), e.timestampMicros() + pass * loopMicros, e.bytes());
    }

    /** @return microseconds from the first frame to the {@code i}-th one, the pace of the publisher */
    long offsetMicros(long i) {
        return event(i).timestampMicros() - firstMicros;
    }

    /** @return the index of the first frame at or after {@code micros} into the stream */
    long indexAt(long micros) {
        long pass = micros / loopMicros;
        long within = micros - pass * loopMicros;
        int lo = 0;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).timestampMicros() - firstMicros < within) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return pass * events.size() + lo;
    }

    /** @return the length of one pass over the file, in microseconds */
    long loopMicros() {
        return loopMicros;
    }

    @Override
    public void close() {
        for (Event e : events) {
            e.bytes().release();
        }
        for (CatalogGroup g : catalog) {
            g.frames().forEach(ByteBuf::release);
        }
    }

    /** A broadcast that keeps what the importer writes (a copy per frame) for the schedule. */
    private static final class Recorder implements BroadcastProducer {
        private final Map<String, RecordedTrack> tracks = new HashMap<>();
        private final List<RecordedTrack> order = new ArrayList<>();

        @Override
        public TrackProducer createTrack(Track track) {
            RecordedTrack t = new RecordedTrack(track);
            tracks.put(track.name(), t);
            order.add(t);
            return t;
        }

        @Override
        public boolean hasTrack(String name) {
            return tracks.containsKey(name);
        }

        void release() {
            for (RecordedTrack t : order) {
                t.frames.forEach(f -> f.bytes().release());
                t.frames.clear();
            }
        }

        FanoutSchedule toSchedule() {
            List<Track> media = new ArrayList<>();
            Track catalogTrack = null;
            List<CatalogGroup> catalog = new ArrayList<>();
            List<Event> events = new ArrayList<>();
            for (RecordedTrack t : order) {
                boolean timed = !t.frames.isEmpty()
                    && t.frames.stream().allMatch(f -> f.timestampMicros() != FrameProducer.NO_TIMESTAMP);
                if (!timed) {
                    // The catalog (frames without a presentation time): published up front.
                    catalogTrack = catalogTrack == null ? t.info : catalogTrack;
                    List<ByteBuf> group = null;
                    for (Event f : t.frames) {
                        if (f.newGroup() || group == null) {
                            group = new ArrayList<>();
                            catalog.add(new CatalogGroup(group));
                        }
                        group.add(f.bytes());
                    }
                    continue;
                }
                int index = media.size();
                media.add(t.info);
                for (Event f : t.frames) {
                    events.add(new Event(index, f.newGroup(), f.timestampMicros(), f.bytes()));
                }
            }
            if (events.isEmpty()) {
                release();
                throw new MoqMuxException(MoqMuxException.Kind.MISSING_BOX, "the input has no timestamped frames to pace");
            }
            // Stable: frames of equal time keep their track order.
            events.sort(Comparator.comparingLong(Event::timestampMicros));
            long first = events.get(0).timestampMicros();
            long last = events.get(events.size() - 1).timestampMicros();
            // One pass lasts until the last frame plus the longest frame interval of any track,
            // so the next pass starts one frame after the last one, not on top of it.
            long interval = 0;
            for (RecordedTrack t : order) {
                for (int i = 1; i < t.frames.size(); i++) {
                    long ts = t.frames.get(i).timestampMicros();
                    long prev = t.frames.get(i - 1).timestampMicros();
                    if (ts != FrameProducer.NO_TIMESTAMP && prev != FrameProducer.NO_TIMESTAMP) {
                        interval = Math.max(interval, Math.min(ts - prev, 1_000_000));
                    }
                }
            }
            return new FanoutSchedule(media, catalogTrack, catalog, events, first,
                Math.max(1, last - first + interval));
        }
    }

    private static final class RecordedTrack implements TrackProducer {
        final Track info;
        final List<Event> frames = new ArrayList<>();
        private boolean groupStarts;

        RecordedTrack(Track info) {
            this.info = info;
        }

        @Override
        public Track info() {
            return info;
        }

        @Override
        public GroupProducer appendGroup() {
            groupStarts = true;
            long sequence = frames.size();
            RecordedTrack track = this;
            return new GroupProducer() {
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
                    return new RecordedFrame(track, size, timestampMicros);
                }

                @Override
                public void finish() {
                }

                @Override
                public void abort(Throwable cause) {
                }
            };
        }

        void add(long timestampMicros, ByteBuf bytes) {
            frames.add(new Event(-1, groupStarts, timestampMicros, bytes));
            groupStarts = false;
        }

        @Override
        public void finish() {
        }

        @Override
        public void abort(Throwable cause) {
        }
    }

    /** Copies a frame's chunks into one direct buffer (once, while loading). */
    private static final class RecordedFrame implements FrameProducer {
        private final RecordedTrack track;
        private final long size;
        private final long timestampMicros;
        private final ByteBuf bytes;

        RecordedFrame(RecordedTrack track, long size, long timestampMicros) {
            this.track = track;
            this.size = size;
            this.timestampMicros = timestampMicros;
            this.bytes = Unpooled.directBuffer((int) size);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void write(ByteBuf chunk) {
            try {
                bytes.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
            } finally {
                chunk.release();
            }
        }

        @Override
        public void finish() {
            track.add(timestampMicros, bytes);
        }

        @Override
        public void abort(Throwable cause) {
            bytes.release();
        }
    }
}
