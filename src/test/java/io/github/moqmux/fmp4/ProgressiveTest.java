package io.github.moqmux.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.catalog.VideoConfig;
import io.github.moqmux.fixtures.Fixture;
import io.github.moqmux.fixtures.Imports;
import io.github.moqmux.fixtures.SyntheticFragments;
import io.github.moqmux.lite.DiscardingBroadcast;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Progressive publishing (issue 7): every sample leaves as soon as its last byte is in, and the
 * broadcast is the one whole-mdat publishing produces, byte for byte, group for group.
 */
class ProgressiveTest {

    static Stream<Arguments> fixturesAndContainers() {
        return Fixture.IMPORTABLE.stream().flatMap(n -> Stream.of(Arguments.of(n, false), Arguments.of(n, true)));
    }

    @ParameterizedTest(name = "{0} passthrough={1}")
    @MethodSource("fixturesAndContainers")
    void progressiveEqualsWholeMdatForAnyChunking(String name, boolean passthrough) {
        Fixture fixture = Fixture.load(name);
        Fmp4Config progressive = Fmp4Config.defaults().withPassthrough(passthrough);
        Fmp4Config wholeMdat = progressive.withProgressive(false);
        Random random = new Random(name.hashCode() * 31L + (passthrough ? 1 : 0));
        List<IntUnaryOperator> chunkings = List.of(i -> Integer.MAX_VALUE, i -> 1500, i -> 1 + random.nextInt(5000));
        try (Imports.Result reference = Imports.whole(fixture.bytes, wholeMdat)) {
            Map<String, List<List<byte[]>>> expected = reference.allFrames();
            for (IntUnaryOperator chunking : chunkings) {
                try (Imports.Result actual = Imports.chunked(fixture.bytes, progressive, chunking)) {
                    Map<String, List<List<byte[]>>> frames = actual.allFrames();
                    assertThat(frames.keySet()).containsExactlyElementsOf(expected.keySet());
                    for (String track : expected.keySet()) {
                        if (track.startsWith("catalog")) {
                            continue;
                        }
                        assertSameGroups(track, frames.get(track), expected.get(track));
                    }
                    // The catalog says the same but for jitter, which describes how samples are published
                    // (and so how often it grows and is republished). That the catalog tracks do not
                    // depend on chunking is ConformanceTest.anyChunkingGivesTheSameBroadcast.
                    assertThat(withoutJitter(actual.catalogJson())).isEqualTo(withoutJitter(reference.catalogJson()));
                }
            }
        }
    }

    private static void assertSameGroups(String track, List<List<byte[]>> actual, List<List<byte[]>> expected) {
        assertThat(actual).as(track + " groups").hasSameSizeAs(expected);
        for (int g = 0; g < expected.size(); g++) {
            assertThat(actual.get(g)).as(track + " group " + g).hasSameSizeAs(expected.get(g));
            for (int f = 0; f < expected.get(g).size(); f++) {
                assertThat(actual.get(g).get(f)).as(track + " group " + g + " frame " + f).isEqualTo(expected.get(g).get(f));
            }
        }
    }

    private static String withoutJitter(String json) {
        Catalog catalog = Catalog.fromJson(json);
        Catalog out = Catalog.empty();
        for (Map.Entry<String, VideoConfig> e : catalog.video().renditions().entrySet()) {
            out = out.withVideoRendition(e.getKey(), e.getValue().withJitter(null));
        }
        for (Map.Entry<String, AudioConfig> e : catalog.audio().renditions().entrySet()) {
            out = out.withAudioRendition(e.getKey(), e.getValue().withJitter(null));
        }
        return out.toJson();
    }

    @Test
    void eachSampleIsPublishedByTheDecodeCallThatDeliversItsLastByte() {
        Fixture fixture = Fixture.load("h264_aac");
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            ByteBuf input = ByteBufAllocator.DEFAULT.buffer();
            try {
                // Sample 0 of the video track occupies [2009, 6941) (testdata/expected/h264_aac/samples.csv).
                input.writeBytes(fixture.bytes, 0, 6940);
                importer.decode(input);
                assertThat(broadcast.frames("0.hang")).isZero();
                assertThat(input.readableBytes()).as("only the incomplete sample is left").isEqualTo(6940 - 2009);
                input.writeBytes(fixture.bytes, 6940, 1);
                importer.decode(input);
                assertThat(broadcast.frames("0.hang")).isEqualTo(1);
                assertThat(input.readableBytes()).isZero();
            } finally {
                input.release();
            }
        }
    }

    @Test
    void theSampleListenerSeesEverySampleWithItsEndOffset() {
        Fixture fixture = Fixture.load("h264_aac");
        List<String> seen = new java.util.ArrayList<>();
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        ByteBuf input = ByteBufAllocator.DEFAULT.buffer().writeBytes(fixture.bytes);
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            importer.setSampleListener((track, ts, end) -> seen.add(track + "@" + ts + "<" + end));
            importer.decode(input);
        } finally {
            input.release();
        }
        assertThat(seen).hasSize(155);
        // samples.csv: video sample 0 at [2009, 6941), presented at 1024/15360 s; audio sample 0 follows the
        // 30 video samples of the first traf.
        assertThat(seen.get(0)).isEqualTo("0.hang@66666<6941");
        assertThat(seen.get(30)).isEqualTo("1.hang@0<40749"); // [40601, 40749)
    }

    @Test
    void hundredMegabyteFragmentsNeedOnlyTheSampleInProgress() throws Exception {
        int sampleSize = 1 << 20;
        int samplesPerFragment = 100;
        long maxUnconsumed = importInPieces(
            new SyntheticFragments("h264_aac", samplesPerFragment, sampleSize, 3), Fmp4Config.defaults(), 64 * 1024);
        // Legacy, progressive: never more than one sample plus one box header stays buffered.
        assertThat(maxUnconsumed).isLessThan(sampleSize + 16);
        // Passthrough streams the same way.
        long passthrough = importInPieces(new SyntheticFragments("h264_aac", samplesPerFragment, sampleSize, 3),
            Fmp4Config.defaults().withPassthrough(true), 64 * 1024);
        assertThat(passthrough).isLessThan(sampleSize + 16);
        // Whole-mdat publishing would have to buffer the 100 MiB mdat, which the default limit refuses.
        assertThatThrownBy(() -> importInPieces(new SyntheticFragments("h264_aac", samplesPerFragment, sampleSize, 1),
            Fmp4Config.defaults().withProgressive(false), 64 * 1024))
            .isInstanceOfSatisfying(MoqMuxException.class,
                e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.LIMIT_EXCEEDED));
    }

    /**
     * Feeds the stream in pieces through one cumulation buffer (read bytes discarded whenever no
     * frame references them) into a broadcast that releases frames at once.
     *
     * @return the most bytes the importer left unconsumed after any decode call
     */
    private static long importInPieces(SyntheticFragments stream, Fmp4Config config, int piece) throws Exception {
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        long maxUnconsumed = 0;
        long samples;
        ByteBuf cumulation = ByteBufAllocator.DEFAULT.buffer(piece);
        byte[] chunk = new byte[piece];
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, config)) {
            int n;
            while ((n = stream.read(chunk, 0, chunk.length)) > 0) {
                if (cumulation.refCnt() == 1) {
                    cumulation.discardReadBytes();
                } else if (cumulation.writableBytes() < n) {
                    ByteBuf fresh = ByteBufAllocator.DEFAULT.buffer(Math.max(piece, 2 * (cumulation.readableBytes() + n)));
                    fresh.writeBytes(cumulation);
                    cumulation.release();
                    cumulation = fresh;
                }
                cumulation.writeBytes(chunk, 0, n);
                importer.decode(cumulation);
                maxUnconsumed = Math.max(maxUnconsumed, cumulation.readableBytes());
            }
            importer.finish();
            samples = importer.tracks().get(0).samples();
        } finally {
            cumulation.release();
        }
        assertThat(samples).isEqualTo(300);
        return maxUnconsumed;
    }
}
