package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.container.LegacyFrame;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.DiscardingBroadcast;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.mp4.Moof;
import io.github.moqmux.mp4.Mp4Parser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --loop}'s two halves without the network: {@link Fmp4Config#withTimeOffsetMicros}
 * shifts a second import of a file exactly by the first one's end, and {@link LoopTracks} puts it
 * into the first import's tracks, group sequences continuing.
 */
class LoopTracksTest {
    private static final Path CLIP = Path.of("testdata/h264_aac.mp4");

    /** Records the timestamp handed to each frame, per track, in order. */
    private static final class Recording implements BroadcastProducer {
        final MemoryBroadcast memory = new MemoryBroadcast();
        final Map<String, List<Long>> timestamps = new HashMap<>();
        final Map<String, List<Long>> sequences = new HashMap<>();

        @Override
        public TrackProducer createTrack(Track track) {
            TrackProducer down = memory.createTrack(track);
            List<Long> times = timestamps.computeIfAbsent(track.name(), k -> new ArrayList<>());
            List<Long> groups = sequences.computeIfAbsent(track.name(), k -> new ArrayList<>());
            return new TrackProducer() {
                @Override
                public Track info() {
                    return down.info();
                }

                @Override
                public GroupProducer appendGroup() {
                    GroupProducer g = down.appendGroup();
                    groups.add(g.sequence());
                    return new GroupProducer() {
                        @Override
                        public long sequence() {
                            return g.sequence();
                        }

                        @Override
                        public FrameProducer createFrame(long size) {
                            return createFrame(size, FrameProducer.NO_TIMESTAMP);
                        }

                        @Override
                        public FrameProducer createFrame(long size, long timestampMicros) {
                            times.add(timestampMicros);
                            return g.createFrame(size, timestampMicros);
                        }

                        @Override
                        public void finish() {
                            g.finish();
                        }

                        @Override
                        public void abort(Throwable cause) {
                            g.abort(cause);
                        }
                    };
                }

                @Override
                public void finish() {
                    down.finish();
                }

                @Override
                public void abort(Throwable cause) {
                    down.abort(cause);
                }
            };
        }

        @Override
        public boolean hasTrack(String name) {
            return memory.hasTrack(name);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theSecondPassRepeatsTheFirstShiftedByItsEndInTheSameTracks(boolean passthrough) throws Exception {
        Fmp4Config config = Fmp4Config.defaults().withPassthrough(passthrough);
        Recording once = new Recording();
        try (CatalogProducer c = new CatalogProducer(once.memory);
             Fmp4Importer i = new Fmp4Importer(once, c, config)) {
            i.decodeFrom(CLIP);
            i.finish();
        }
        Recording looped = new Recording();
        LoopTracks tracks = new LoopTracks(looped);
        long end;
        try (MemoryBroadcast ignored = once.memory;
             MemoryBroadcast into = looped.memory;
             CatalogProducer catalog = new CatalogProducer(looped.memory);
             CatalogProducer unannounced = new CatalogProducer(new DiscardingBroadcast())) {
            Fmp4Importer first = new Fmp4Importer(tracks, catalog, config);
            first.decodeFrom(CLIP);
            first.finish();
            end = first.endMicros();
            String catalogAfterFirst = catalog.current().toJson();
            tracks.nextPass();
            try (Fmp4Importer second = new Fmp4Importer(tracks, unannounced, config.withTimeOffsetMicros(end))) {
                second.decodeFrom(CLIP);
                second.finish();
                assertThat(second.endMicros()).isEqualTo(2 * end);
            }
            String suffix = passthrough ? ".m4s" : ".hang";
            List<String> media = once.memory.trackNames().stream().filter(t -> t.endsWith(suffix)).toList();
            assertThat(media).hasSize(2);
            // No 2.hang: the second pass went into the first pass's tracks.
            assertThat(into.trackNames()).containsExactlyInAnyOrderElementsOf(once.memory.trackNames());
            assertThat(catalog.current().toJson()).isEqualTo(catalogAfterFirst);
            // The first pass's end is the longest track's last sample end: past every timestamp,
            // and in legacy (a frame per sample) within one sample (≤ 100 ms here) of the last.
            long lastTimestamp = once.timestamps.values().stream().flatMap(List::stream).mapToLong(Long::longValue)
                    .max().orElseThrow();
            assertThat(end).isGreaterThan(lastTimestamp);
            if (!passthrough) {
                assertThat(end).isLessThan(lastTimestamp + 100_000);
            }

            for (String track : media) {
                List<List<byte[]>> reference = once.memory.frames(track);
                List<List<byte[]>> both = into.frames(track);
                // Sequences continue: twice as many groups, numbered on (frames() lists them all).
                assertThat(both).hasSize(2 * reference.size());
                assertThat(into.isFinished(track)).isFalse(); // a pass's end does not end the track
                List<Long> times = once.timestamps.get(track);
                List<Long> loopedTimes = looped.timestamps.get(track);
                assertThat(loopedTimes).hasSize(2 * times.size());
                for (int f = 0; f < times.size(); f++) {
                    assertThat(loopedTimes.get(f)).isEqualTo(times.get(f));
                    assertThat(loopedTimes.get(times.size() + f)).isEqualTo(times.get(f) + end);
                }
                for (int g = 0; g < reference.size(); g++) {
                    List<byte[]> want = reference.get(g);
                    assertThat(both.get(g)).hasSameSizeAs(want);
                    List<byte[]> again = both.get(reference.size() + g);
                    assertThat(again).hasSameSizeAs(want);
                    for (int f = 0; f < want.size(); f++) {
                        assertThat(both.get(g).get(f)).isEqualTo(want.get(f));
                        if (passthrough) {
                            assertShiftedFragment(want.get(f), again.get(f), end, timescale(catalog.current(), track));
                        } else {
                            assertShiftedLegacy(want.get(f), again.get(f), end);
                        }
                    }
                }
            }
            for (String track : media) {
                List<Long> sequences = looped.sequences.get(track);
                assertThat(sequences).hasSize(2 * once.sequences.get(track).size());
                for (int g = 0; g < sequences.size(); g++) {
                    assertThat(sequences.get(g)).isEqualTo(g); // no restart, no gap at the pass
                }
            }
        }
    }

    private static void assertShiftedLegacy(byte[] want, byte[] got, long shift) {
        try (LegacyFrame a = LegacyFrame.decode(Unpooled.wrappedBuffer(want));
             LegacyFrame b = LegacyFrame.decode(Unpooled.wrappedBuffer(got))) {
            assertThat(b.timestampMicros()).isEqualTo(a.timestampMicros() + shift);
            assertThat(b.payload()).isEqualTo(a.payload());
        }
    }

    /** The same fragment with its tfdt moved by {@code shift} µs in the track's timescale; same samples. */
    private static long timescale(io.github.moqmux.catalog.Catalog catalog, String track) {
        var video = catalog.video() == null ? null : catalog.video().renditions().get(track);
        var container = video != null ? video.container() : catalog.audio().renditions().get(track).container();
        return ((io.github.moqmux.catalog.Container.Cmaf) container).timescale();
    }

    private static void assertShiftedFragment(byte[] want, byte[] got, long shift, long timescale) {
        Moof a = Mp4Parser.parseMoof(Unpooled.wrappedBuffer(want), 0);
        Moof b = Mp4Parser.parseMoof(Unpooled.wrappedBuffer(got), 0);
        assertThat(b.trafs()).hasSize(1);
        assertThat(a.trafs()).hasSize(1);
        long ticksA = a.trafs().get(0).tfdt().baseMediaDecodeTime();
        long ticksB = b.trafs().get(0).tfdt().baseMediaDecodeTime();
        long delta = ticksB - ticksA;
        assertThat(delta).isPositive();
        // shift µs in the track's timescale, within one tick of rounding.
        assertThat(Math.abs(delta - Math.round(shift * (double) timescale / 1e6)))
                .as("tfdt moved by %d ticks for %d µs at %d Hz", delta, shift, timescale).isLessThanOrEqualTo(1);
        assertThat(b.trafs().get(0).sampleCount()).isEqualTo(a.trafs().get(0).sampleCount());
        // The mdat (the samples) is the same bytes.
        byte[] mdatA = Arrays.copyOfRange(want, (int) a.size(), want.length);
        byte[] mdatB = Arrays.copyOfRange(got, (int) b.size(), got.length);
        assertThat(mdatB).isEqualTo(mdatA);
    }

    @Test
    void aNegativeOffsetIsRefused() {
        assertThatThrownBy(() -> Fmp4Config.defaults().withTimeOffsetMicros(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeOffsetMicros");
        assertThat(Fmp4Config.defaults().timeOffsetMicros()).isZero();
        assertThat(Fmp4Config.defaults().withTimeOffsetMicros(5).withPassthrough(true).timeOffsetMicros()).isEqualTo(5);
    }

    @Test
    void anotherPassWithOtherTracksIsRefused() {
        try (MemoryBroadcast memory = new MemoryBroadcast()) {
            LoopTracks tracks = new LoopTracks(memory);
            tracks.uniqueTrack(".hang", 0);
            tracks.nextPass();
            tracks.uniqueTrack(".hang", 0);
            assertThatThrownBy(() -> tracks.uniqueTrack(".hang", 0)).hasMessageContaining("changed between passes");
            assertThat(memory.trackNames()).containsExactly("0.hang");
        }
    }
}
