package io.github.moqmux.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.container.LegacyFrame;
import io.github.moqmux.fixtures.Fixture;
import io.github.moqmux.fixtures.Imports;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.FourCC;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Fmp4ImporterTest {

    /** Top-level boxes of a file: [type, offset, size]. */
    record Box(String type, int offset, int size) {
        int end() {
            return offset + size;
        }
    }

    static List<Box> topLevel(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        List<Box> boxes = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            BoxHeader h = BoxHeaderReader.read(buf, at, at);
            boxes.add(new Box(FourCC.toString(h.type()), at, (int) h.size()));
            at += (int) h.size();
        }
        return boxes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The payload of the first box called {@code type}, found by scanning the raw bytes. */
    static byte[] rawBoxBody(byte[] file, String type) {
        byte[] fourcc = type.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 4; i + 4 <= file.length; i++) {
            if (Arrays.equals(file, i, i + 4, fourcc, 0, 4)) {
                int size = ((file[i - 4] & 0xFF) << 24) | ((file[i - 3] & 0xFF) << 16) | ((file[i - 2] & 0xFF) << 8) | (file[i - 1] & 0xFF);
                return Arrays.copyOfRange(file, i + 4, i - 4 + size);
            }
        }
        throw new AssertionError("no " + type + " box");
    }

    static String h264AacCatalog(String avcc, long videoJitter, long audioJitter) {
        return "{\"video\":{\"renditions\":{\"0.hang\":{\"codec\":\"avc1.64000d\","
            + "\"description\":\"" + avcc + "\",\"codedWidth\":320,\"codedHeight\":240,\"displayAspectWidth\":4,"
            + "\"displayAspectHeight\":3,\"framerate\":30,\"container\":{\"kind\":\"legacy\"},\"jitter\":" + videoJitter + "}}},"
            + "\"audio\":{\"renditions\":{\"1.hang\":{\"codec\":\"mp4a.40.2\",\"sampleRate\":48000,"
            + "\"numberOfChannels\":2,\"bitrate\":64000,\"description\":\"119056e500\","
            + "\"container\":{\"kind\":\"legacy\"},\"jitter\":" + audioJitter + "}}}}";
    }

    @Test
    void catalogJsonIsByteExactForFfmpegH264Aac() {
        Fixture fixture = Fixture.load("h264_aac");
        String avcc = HexFormat.of().formatHex(rawBoxBody(fixture.bytes, "avcC"));
        try (Imports.Result result = Imports.whole(fixture.bytes, Fmp4Config.defaults())) {
            // Progressive publishing: jitter = reordering depth (two B-frames, 66.7 ms) + one frame
            // (33.3 ms) for video; one AAC frame (21.3 ms) for audio.
            assertThat(result.catalogJson()).isEqualTo(h264AacCatalog(avcc, 100, 22));
            // The catalog track carried the same JSON until close() removed the renditions, and MSF beside it.
            List<List<byte[]>> groups = result.broadcast().frames("catalog.json");
            List<byte[]> beforeClose = groups.get(groups.size() - 2);
            assertThat(beforeClose).hasSize(1);
            assertThat(new String(beforeClose.get(0), StandardCharsets.UTF_8)).isEqualTo(result.catalogJson());
            assertThat(new String(groups.get(groups.size() - 1).get(0), StandardCharsets.UTF_8))
                .isEqualTo("{\"video\":{\"renditions\":{}},\"audio\":{\"renditions\":{}}}");
            List<List<byte[]>> msf = result.broadcast().frames("catalog");
            assertThat(msf).hasSameSizeAs(groups);
            assertThat(new String(msf.get(msf.size() - 2).get(0), StandardCharsets.UTF_8))
                .startsWith("{\"version\":1,\"tracks\":[{\"name\":\"0.hang\",\"packaging\":\"legacy\"");
            // One publication for the moov, one per jitter growth, one at close: never one per sample.
            assertThat(groups.size()).isBetween(3, 6);
        }
    }

    @Test
    void wholeMdatPublishingAdvertisesTheFragmentSpan() {
        Fixture fixture = Fixture.load("h264_aac");
        String avcc = HexFormat.of().formatHex(rawBoxBody(fixture.bytes, "avcC"));
        try (Imports.Result result = Imports.whole(fixture.bytes, Fmp4Config.defaults().withProgressive(false))) {
            // DESIGN §6: a 30-frame GOP spans 966.7 ms + one 33.3 ms step; audio fragments span ~1045 ms + 21.3 ms.
            assertThat(result.catalogJson()).isEqualTo(h264AacCatalog(avcc, 1000, 1067));
        }
    }

    @Test
    void legacyFramesAreTimestampThenTheExactSampleBytes() {
        Fixture fixture = Fixture.load("h264_aac");
        try (Imports.Result result = Imports.whole(fixture.bytes, Fmp4Config.defaults())) {
            byte[] first = result.broadcast().frames("0.hang").get(0).get(0);
            // 66 666 µs = 0x1046a needs the 4-byte varint form (prefix 0b10).
            assertThat(Arrays.copyOf(first, 4)).containsExactly(0x80, 0x01, 0x04, 0x6a);
            // The sample itself sits at offset 2009 of the file (samples.csv), 4932 bytes long.
            assertThat(Arrays.copyOfRange(first, 4, first.length)).isEqualTo(Arrays.copyOfRange(fixture.bytes, 2009, 2009 + 4932));
        }
    }

    @Test
    void samplesAreSlicesOfTheInputNotCopies() {
        Fixture fixture = Fixture.load("h264_aac");
        ByteBuf input = ByteBufAllocator.DEFAULT.buffer(fixture.bytes.length);
        input.writeBytes(fixture.bytes);
        MemoryBroadcast broadcast = new MemoryBroadcast();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            importer.decode(input);
            assertThat(input.isReadable()).isFalse();
            // Every published sample holds a reference to the input buffer.
            assertThat(input.refCnt()).isGreaterThan(60 + 95);
            // Rewriting the input would change the published frames: they share its memory.
            input.setByte(2009 + 4, input.getByte(2009 + 4) ^ 0xFF);
            ByteBuf frame = broadcast.subscribe("0.hang").nextGroup(java.time.Duration.ofSeconds(1))
                .nextFrame(java.time.Duration.ofSeconds(1));
            try (LegacyFrame decoded = LegacyFrame.decode(frame)) {
                assertThat(decoded.payload().getByte(decoded.payload().readerIndex() + 4))
                    .isEqualTo((byte) (fixture.bytes[2009 + 4] ^ 0xFF));
            } finally {
                frame.release();
            }
            importer.finish();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            input.release();
            broadcast.close();
        }
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void afterAnErrorTracksAbortEarlierFramesStayAndCloseRemovesTheRenditions() throws Exception {
        Fixture fixture = Fixture.load("h264_aac");
        List<Box> boxes = topLevel(fixture.bytes);
        int firstFragmentEnd = boxes.stream().filter(b -> b.type().equals("mdat")).findFirst().orElseThrow().end();
        // An mdat without its moof right after the first fragment.
        byte[] bad = concat(Arrays.copyOf(fixture.bytes, firstFragmentEnd),
            new byte[] {0, 0, 0, 16, 'm', 'd', 'a', 't', 1, 2, 3, 4, 5, 6, 7, 8});
        MemoryBroadcast broadcast = new MemoryBroadcast();
        try (Imports.Result good = Imports.whole(fixture.bytes, Fmp4Config.defaults());
             CatalogProducer catalog = new CatalogProducer(broadcast)) {
            Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults());
            ByteBuf input = ByteBufAllocator.DEFAULT.buffer().writeBytes(bad);
            try {
                assertThatThrownBy(() -> importer.decode(input)).isInstanceOfSatisfying(MoqMuxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNEXPECTED_BOX);
                    assertThat(e.offset()).isEqualTo(firstFragmentEnd);
                    assertThat(e.getMessage()).contains("mdat that neither a moof nor the moov's sample tables describe",
                        "at byte " + firstFragmentEnd);
                });
            } finally {
                input.release();
            }
            assertThat(broadcast.abortCause("0.hang")).isInstanceOf(MoqMuxException.class);
            assertThat(broadcast.abortCause("1.hang")).isInstanceOf(MoqMuxException.class);
            // The first GOP (30 frames) was published before the error and is intact.
            List<byte[]> firstGroup = broadcast.frames("0.hang").get(0);
            assertThat(firstGroup).hasSize(30);
            for (int i = 0; i < 30; i++) {
                assertThat(firstGroup.get(i)).isEqualTo(good.broadcast().frames("0.hang").get(0).get(i));
            }
            assertThatThrownBy(() -> importer.decode(Unpooled.EMPTY_BUFFER))
                .isInstanceOfSatisfying(MoqMuxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ILLEGAL_STATE));
            importer.close();
            assertThat(catalog.current()).isEqualTo(Catalog.empty());
            List<List<byte[]>> published = broadcast.frames("catalog.json");
            assertThat(new String(published.get(published.size() - 1).get(0), StandardCharsets.UTF_8))
                .isEqualTo("{\"video\":{\"renditions\":{}},\"audio\":{\"renditions\":{}}}");
        } finally {
            broadcast.close();
        }
    }

    @Test
    void decodeFromReportsATruncatedEndWithItsOffset() {
        Fixture fixture = Fixture.load("h264_aac");
        List<Box> boxes = topLevel(fixture.bytes);
        Box secondMoof = boxes.stream().filter(b -> b.type().equals("moof")).skip(1).findFirst().orElseThrow();
        byte[] truncated = Arrays.copyOf(fixture.bytes, secondMoof.offset() + 10);
        MemoryBroadcast broadcast = new MemoryBroadcast();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            assertThatThrownBy(() -> importer.decodeFrom(new ByteArrayInputStream(truncated)))
                .isInstanceOfSatisfying(MoqMuxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
                    assertThat(e.offset()).isEqualTo(secondMoof.offset());
                });
        } finally {
            broadcast.close();
        }
    }

    @Test
    void boxesInTheWrongOrderAreRejectedWithTheirOffset() {
        Fixture fixture = Fixture.load("h264_aac");
        List<Box> boxes = topLevel(fixture.bytes);
        Box moof = boxes.stream().filter(b -> b.type().equals("moof")).findFirst().orElseThrow();
        Box mdat = boxes.stream().filter(b -> b.type().equals("mdat")).findFirst().orElseThrow();
        byte[] moofFirst = Arrays.copyOfRange(fixture.bytes, moof.offset(), mdat.end());
        assertRejected(moofFirst, Kind.UNEXPECTED_BOX, 0, "moof before moov");
        // An mdat first may still be followed by its moov (a regular MP4); a moof behind it may not.
        byte[] mdatFirst = concat(Arrays.copyOfRange(fixture.bytes, mdat.offset(), mdat.end()),
            Arrays.copyOfRange(fixture.bytes, moof.offset(), moof.end()));
        assertRejected(mdatFirst, Kind.UNEXPECTED_BOX, 0, "mdat before moov");
        byte[] init = Arrays.copyOf(fixture.bytes, moof.offset());
        byte[] twoMoofs = concat(init, Arrays.copyOfRange(fixture.bytes, moof.offset(), moof.end()),
            Arrays.copyOfRange(fixture.bytes, moof.offset(), moof.end()));
        assertRejected(twoMoofs, Kind.UNEXPECTED_BOX, moof.end(), "second moof");
        assertRejected(new byte[0], null, 0, null);
    }

    private static void assertRejected(byte[] bytes, Kind kind, long offset, String message) {
        MemoryBroadcast broadcast = new MemoryBroadcast();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            ByteBuf input = ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes);
            try {
                if (kind == null) {
                    importer.decode(input); // empty input: nothing happens, nothing is initialised
                    assertThat(importer.isInitialized()).isFalse();
                    return;
                }
                assertThatThrownBy(() -> importer.decode(input)).isInstanceOfSatisfying(MoqMuxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.getMessage()).contains(message);
                });
            } finally {
                input.release();
            }
        } finally {
            broadcast.close();
        }
    }

    @Test
    void aSecondMoovFinishesTheOldTracksAndReplacesTheirRenditions() {
        Fixture fixture = Fixture.load("vp9_opus");
        // An encoder restart writes a new moov (here: another mvhd modification time); a moov
        // identical to the current one changes nothing (issue 12), so the copy must differ.
        byte[] restarted = Mp4Bytes.patched(fixture.bytes,
            f -> Mp4Bytes.putU32(f, Mp4Bytes.find(f, "mvhd").payload() + 8, 12345));
        try (Imports.Result result = Imports.whole(concat(fixture.bytes, restarted), Fmp4Config.defaults())) {
            assertThat(result.tracks()).extracting(TrackStats::name).containsExactly("0.hang", "1.hang", "2.hang", "3.hang");
            assertThat(result.broadcast().isFinished("0.hang")).isTrue();
            assertThat(result.tracks().get(0).samples()).isEqualTo(result.tracks().get(2).samples());
            assertThat(result.catalogJson()).contains("\"2.hang\"", "\"3.hang\"").doesNotContain("\"0.hang\"", "\"1.hang\"");
        }
    }

    @Test
    void aConfigCanImportOnlyVideoOrOnlyAudio() {
        Fixture fixture = Fixture.load("h264_aac");
        try (Imports.Result video = Imports.whole(fixture.bytes, Fmp4Config.defaults().withTracks(TrackSelection.VIDEO_ONLY));
             Imports.Result audio = Imports.whole(fixture.bytes,
                 Fmp4Config.defaults().withTracks(TrackSelection.AUDIO_ONLY).withPassthrough(true))) {
            assertThat(video.tracks()).extracting(TrackStats::name, TrackStats::kind, TrackStats::samples)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0.hang", TrackKind.VIDEO, 60L));
            assertThat(video.catalogJson()).contains("\"audio\":{\"renditions\":{}}");
            assertThat(audio.tracks()).extracting(TrackStats::name, TrackStats::kind, TrackStats::samples)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0.m4s", TrackKind.AUDIO, 95L));
            assertThat(audio.catalogJson()).contains("\"video\":{\"renditions\":{}}");
        }
    }

    @Test
    void aSecondMoovFromAnotherEncoderImportsBothPartsAsFfmpegReadsThem() throws Exception {
        // testdata/README.md: two different streams concatenated; expected/…/part1 and part2 hold
        // ffmpeg's packets of each part on its own.
        byte[] bytes = java.nio.file.Files.readAllBytes(Fixture.TESTDATA.resolve("h264_aac_second_moov.mp4"));
        try (Imports.Result result = Imports.whole(bytes, Fmp4Config.defaults())) {
            List<TrackStats> tracks = result.tracks();
            assertThat(tracks).extracting(TrackStats::name).containsExactly("0.hang", "1.hang", "2.hang", "3.hang");
            for (int t = 0; t < 4; t++) {
                String part = t < 2 ? "part1" : "part2";
                List<String> expected = new ArrayList<>();
                for (String line : java.nio.file.Files.readAllLines(
                        Fixture.TESTDATA.resolve("expected/h264_aac_second_moov/" + part + "/framemd5.txt"))) {
                    String[] f = line.split(",");
                    if (!line.startsWith("#") && f.length == 6 && Integer.parseInt(f[0].trim()) == t % 2) {
                        expected.add(f[4].trim() + ":" + f[5].trim());
                    }
                }
                List<String> actual = new ArrayList<>();
                for (List<byte[]> group : result.broadcast().frames(tracks.get(t).name())) {
                    for (byte[] frame : group) {
                        ByteBuf buf = Unpooled.wrappedBuffer(frame);
                        try (LegacyFrame decoded = LegacyFrame.decode(buf)) {
                            byte[] payload = new byte[decoded.payload().readableBytes()];
                            decoded.payload().getBytes(decoded.payload().readerIndex(), payload);
                            actual.add(payload.length + ":" + Imports.md5(payload, 0, payload.length));
                        }
                    }
                }
                assertThat(actual).as(tracks.get(t).name()).isEqualTo(expected);
            }
            assertThat(result.broadcast().isFinished("0.hang")).isTrue();
            assertThat(result.catalogJson()).contains("\"2.hang\"", "\"3.hang\"", "avc1.64000c")
                .doesNotContain("\"0.hang\"");
        }
    }

    @Test
    void leadingVideoSamplesBeforeTheFirstKeyframeAreDroppedAndCounted() {
        // Cut the one-sample-per-fragment file after its 5th video fragment: the stream then
        // starts mid-GOP, as a live pipe joined late does.
        Fixture fixture = Fixture.load("h264_aac_every_frame");
        List<Box> boxes = topLevel(fixture.bytes);
        Box firstMoof = boxes.stream().filter(b -> b.type().equals("moof")).findFirst().orElseThrow();
        int cut = boxes.stream().filter(b -> b.type().equals("mdat")).skip(9).findFirst().orElseThrow().end();
        byte[] joinedLate = concat(Arrays.copyOf(fixture.bytes, firstMoof.offset()), Arrays.copyOfRange(fixture.bytes, cut, fixture.bytes.length));
        try (Imports.Result full = Imports.whole(fixture.bytes, Fmp4Config.defaults());
             Imports.Result late = Imports.whole(joinedLate, Fmp4Config.defaults())) {
            TrackStats video = late.tracks().get(0);
            assertThat(video.droppedSamples()).isPositive();
            // Everything from the second keyframe (sample 30) on arrives, as one group.
            assertThat(video.samples()).isEqualTo(30);
            assertThat(video.samples() + video.droppedSamples()).isEqualTo(60 - 5);
            List<List<byte[]>> groups = late.broadcast().frames("0.hang");
            assertThat(groups).hasSize(1);
            List<byte[]> secondGop = full.broadcast().frames("0.hang").get(1);
            assertThat(groups.get(0)).hasSameSizeAs(secondGop);
            for (int i = 0; i < secondGop.size(); i++) {
                assertThat(groups.get(0).get(i)).as("frame " + i).isEqualTo(secondGop.get(i));
            }
        }
    }

    @Test
    void aFinalMdatOfSizeZeroRunsToTheEndOfTheStream() {
        Fixture fixture = Fixture.load("h264_aac_separate_moof");
        List<Box> boxes = topLevel(fixture.bytes);
        Box lastMdat = boxes.stream().filter(b -> b.type().equals("mdat")).reduce((a, b) -> b).orElseThrow();
        byte[] sizeZero = Arrays.copyOf(fixture.bytes, lastMdat.end());
        sizeZero[lastMdat.offset()] = 0;
        sizeZero[lastMdat.offset() + 1] = 0;
        sizeZero[lastMdat.offset() + 2] = 0;
        sizeZero[lastMdat.offset() + 3] = 0;
        for (boolean progressive : new boolean[] {true, false}) {
            Fmp4Config config = Fmp4Config.defaults().withProgressive(progressive);
            try (Imports.Result expected = Imports.whole(Arrays.copyOf(fixture.bytes, lastMdat.end()), config);
                 Imports.Result actual = Imports.chunked(sizeZero, config, i -> 1000)) {
                assertThat(actual.tracks()).extracting(TrackStats::samples).containsExactly(60L, 95L);
                for (String track : List.of("0.hang", "1.hang")) {
                    List<List<byte[]>> a = actual.broadcast().frames(track);
                    List<List<byte[]>> e = expected.broadcast().frames(track);
                    assertThat(a).hasSameSizeAs(e);
                    for (int g = 0; g < e.size(); g++) {
                        for (int f = 0; f < e.get(g).size(); f++) {
                            assertThat(a.get(g).get(f)).isEqualTo(e.get(g).get(f));
                        }
                    }
                }
            }
        }
    }

    @Test
    void anEmptyAv1cIsResolvedFromTheFirstSequenceHeader() {
        // libaom + empty_moov: the av1C box has no record. The rendition is announced once the
        // first keyframe's sequence header is read; passthrough init segments get a real av1C.
        Fixture fixture = Fixture.load("av1_empty_av1c");
        try (Imports.Result legacy = Imports.chunked(fixture.bytes, Fmp4Config.defaults(), i -> 1000);
             Imports.Result cmaf = Imports.whole(fixture.bytes, Fmp4Config.defaults().withPassthrough(true))) {
            assertThat(legacy.tracks()).extracting(TrackStats::codec).containsExactly("av01.0.00M.08");
            assertThat(legacy.catalogJson()).contains("\"codec\":\"av01.0.00M.08\"");
            // No publication shows the track before its codec is known.
            for (List<byte[]> group : legacy.broadcast().frames("catalog.json")) {
                String json = new String(group.get(0), StandardCharsets.UTF_8);
                if (json.contains("\"0.hang\"")) {
                    assertThat(json).contains("\"codec\":\"av01.0.00M.08\"");
                }
            }
            String init = cmaf.catalogJson().replaceAll(".*\"init\":\"([^\"]+)\".*", "$1");
            byte[] initBytes = java.util.Base64.getDecoder().decode(init);
            byte[] av1c = rawBoxBody(initBytes, "av1C");
            assertThat(av1c).hasSizeGreaterThan(4);
            assertThat(av1c[0] & 0xFF).as("marker and version").isEqualTo(0x81);
            assertThat(av1c[4] >>> 3 & 0xF).as("configOBUs start with the sequence header OBU").isEqualTo(1);
        }
    }
}
