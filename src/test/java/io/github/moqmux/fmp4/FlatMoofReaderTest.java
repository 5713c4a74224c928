package io.github.moqmux.fmp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Mp4Parser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The differential test of the flat moof reader: on every fixture, on the fuzz corpus and on
 * systematic corruptions of real moofs, {@link FlatMoofReader} and the typed
 * {@link Mp4Parser#parseMoof(ByteBuf, long, long)} must read the same values or fail with the same
 * error kind at the same offset; and a whole import resolved from the flat arrays must publish the
 * same frames, or fail the same way, as one resolved from the typed boxes.
 */
class FlatMoofReaderTest {
    private static final Path FIXTURES = Path.of("testdata");
    private static final Path FUZZ = Path.of("src/test/resources/io/github/moqmux/fuzz");
    private static final long MAX_SAMPLES = Fmp4Config.defaults().maxSamplesPerFragment();

    @Test
    void readersAgreeOnEveryMoofOfEveryFixture() throws IOException {
        int moofs = 0;
        for (Path file : fixtures()) {
            for (byte[] moof : topLevelMoofs(Files.readAllBytes(file))) {
                assertSameReading(moof, 1000, file + " moof " + moofs);
                moofs++;
            }
        }
        assertTrue(moofs > 300, "the fixtures hold many moofs: " + moofs);
    }

    @Test
    void readersAgreeOnTheFuzzCorpus() throws IOException {
        List<Path> inputs = fuzzInputs();
        assertTrue(inputs.size() > 40, "fuzz corpus found: " + inputs.size());
        int moofs = 0;
        for (Path input : inputs) {
            byte[] bytes = Files.readAllBytes(input);
            // The whole input as a box (seeds of the parser fuzz target are single boxes), and
            // every top-level moof in it (seeds of the importer target are streams).
            assertSameReading(bytes, 0, input.toString());
            for (byte[] moof : topLevelMoofs(bytes)) {
                assertSameReading(moof, 0, input + " moof");
                moofs++;
            }
        }
        assertTrue(moofs > 10, "moofs in the corpus: " + moofs);
    }

    /**
     * Hostile input: every prefix of a moof, and every byte of its first 400 replaced by values
     * that break sizes, versions, flags and counts, read by both readers with a small and a large
     * sample limit.
     */
    @Test
    void readersAgreeOnCorruptedMoofs() throws IOException {
        int failures = 0;
        int cases = 0;
        for (String name : List.of("h264_aac.mp4", "h264_aac_every_frame.mp4", "h264x2_aac.mp4", "h264_aac_largesize.mp4",
            "h264_aac_separate_moof.mp4", "h264_aac_negative_cts.mp4", "opus_51.mp4", "hls_h264_aac.mp4")) {
            List<byte[]> moofs = topLevelMoofs(Files.readAllBytes(FIXTURES.resolve(name)));
            for (byte[] moof : moofs.subList(0, Math.min(2, moofs.size()))) {
                for (int n = 0; n < moof.length; n++) {
                    failures += assertSameReading(java.util.Arrays.copyOf(moof, n), 7, name + " prefix " + n) ? 0 : 1;
                    cases++;
                }
                int[] values = {0x00, 0x01, 0x07, 0x10, 0x80, 0xFF};
                for (int at = 0; at < Math.min(400, moof.length); at++) {
                    for (int v : values) {
                        byte[] bad = moof.clone();
                        bad[at] = (byte) v;
                        failures += assertSameReading(bad, 5000, name + " byte " + at + "=" + v) ? 0 : 1;
                        failures += assertSameReading(bad, 3, name + " byte " + at + "=" + v + " limit 3") ? 0 : 1;
                        cases += 2;
                    }
                }
            }
        }
        assertTrue(cases > 10_000, "cases: " + cases);
        assertTrue(failures > 1000, "the corruptions reach the error paths: " + failures + " of " + cases);
    }

    @Test
    void importsResolvedFromEitherReaderPublishTheSame() throws IOException {
        List<Path> streams = new ArrayList<>(fixtures());
        for (Path input : fuzzInputs()) {
            if (input.toString().contains("Fmp4ImporterFuzzTestInputs")) {
                streams.add(input);
            }
        }
        for (Path stream : streams) {
            byte[] bytes = Files.readAllBytes(stream);
            for (boolean passthrough : new boolean[] {false, true}) {
                assertEquals(importOutcome(bytes, passthrough, true), importOutcome(bytes, passthrough, false),
                    stream + (passthrough ? " cmaf" : " legacy"));
            }
        }
    }

    /** Corrupted moofs inside whole streams: the resolution checks (ranges, limits, times) must agree. */
    @Test
    void importsAgreeOnCorruptedMoofs() throws IOException {
        int errors = 0;
        int cases = 0;
        for (String name : List.of("h264_aac_every_frame.mp4", "h264x2_aac.mp4", "h264_aac_negative_cts.mp4")) {
            byte[] bytes = Files.readAllBytes(FIXTURES.resolve(name));
            int moofAt = firstMoofOffset(bytes);
            int moofSize = (int) readU32(bytes, moofAt);
            // The first fragments are enough: the corruption is in the first moof.
            bytes = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, moofAt + 16_000));
            int[] values = {0x00, 0x01, 0x80, 0xFF};
            for (int at = moofAt; at < moofAt + Math.min(moofSize, 200); at++) {
                for (int v : values) {
                    byte[] bad = bytes.clone();
                    bad[at] = (byte) v;
                    String typed = importOutcome(bad, false, true);
                    assertEquals(typed, importOutcome(bad, false, false), name + " byte " + (at - moofAt) + "=" + v);
                    errors += typed.startsWith("error") ? 1 : 0;
                    cases++;
                }
            }
        }
        assertTrue(errors > 100, "the corruptions reach the error paths: " + errors + " of " + cases);
    }

    /** @return whether both readers failed (after checking that they agree) */
    private static boolean assertSameReading(byte[] box, long offset, String what) {
        ByteBuf buf = Unpooled.wrappedBuffer(box);
        String typed;
        try {
            typed = describe(new FlatMoof().fill(Mp4Parser.parseMoof(buf, offset, maxSamples(what))));
        } catch (MoqMuxException e) {
            typed = "error " + e.kind() + " at " + e.offset();
        }
        String flat;
        try {
            flat = describe(new FlatMoofReader().read(buf, offset, maxSamples(what), new FlatMoof()));
        } catch (MoqMuxException e) {
            flat = "error " + e.kind() + " at " + e.offset();
        }
        assertEquals(typed, flat, what);
        assertEquals(0, buf.readerIndex(), "the readers leave the indexes alone");
        // A direct buffer has no backing array: the reader then goes through the buffer's getters.
        ByteBuf direct = Unpooled.directBuffer(Math.max(1, box.length)).writeBytes(box);
        try {
            String fromDirect;
            try {
                fromDirect = describe(new FlatMoofReader().read(direct, offset, maxSamples(what), new FlatMoof()));
            } catch (MoqMuxException e) {
                fromDirect = "error " + e.kind() + " at " + e.offset();
            }
            assertEquals(typed, fromDirect, what + " (direct buffer)");
        } finally {
            direct.release();
        }
        return !typed.startsWith("error");
    }

    private static long maxSamples(String what) {
        return what.endsWith("limit 3") ? 3 : MAX_SAMPLES;
    }

    /** Every value the importer uses, so equal descriptions mean equal readings. */
    private static String describe(FlatMoof m) {
        StringBuilder b = new StringBuilder();
        b.append("moof@").append(m.offset).append(" size ").append(m.size).append(" seq ").append(m.sequenceNumber);
        for (int t = 0; t < m.trafCount; t++) {
            b.append("\n traf@").append(m.trafOffset[t]).append(" id ").append(m.trackId[t]).append(" flags ")
                .append(m.tfhdFlags[t]).append(" base ").append(m.baseDataOffset[t]).append(" dur ")
                .append(m.defaultDuration[t]).append(" size ").append(m.defaultSize[t]).append(" sflags ")
                .append(m.defaultFlags[t]).append(" tfdt ").append(m.hasTfdt[t]).append('/').append(m.baseDecodeTime[t]);
            for (int r = m.firstRun[t]; r < m.firstRun[t] + m.runCount[t]; r++) {
                b.append("\n  trun v").append(m.runVersion[r]).append(" flags ").append(m.runFlags[r]).append(" n ")
                    .append(m.runSamples[r]).append(" off ").append(m.runDataOffset[r]).append(" first ")
                    .append(m.runFirstFlags[r]).append(" entries");
                int words = m.runSamples[r] * FlatMoof.stride(m.runFlags[r]);
                for (int i = 0; i < words; i++) {
                    b.append(' ').append(m.entries[m.runEntries[r] + i]);
                }
            }
        }
        return b.toString();
    }

    /** Imports a whole stream; @return its frames per track (digested) or its error kind and offset. */
    private static String importOutcome(byte[] stream, boolean passthrough, boolean typed) {
        MemoryBroadcast broadcast = new MemoryBroadcast();
        StringBuilder out = new StringBuilder();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults().withPassthrough(passthrough))) {
            if (typed) {
                importer.useTypedMoofReader();
            }
            importer.setSampleListener((name, ts, end) -> out.append(name).append(' ').append(ts).append(' ')
                .append(end).append('\n'));
            ByteBuf in = Unpooled.wrappedBuffer(stream);
            try {
                importer.decode(in);
                importer.finish();
            } catch (MoqMuxException e) {
                out.append("error ").append(e.kind()).append(" at ").append(e.offset()).append('\n');
            } finally {
                in.release();
            }
            for (String name : broadcast.trackNames()) {
                out.append(name).append(' ').append(digest(broadcast.frames(name))).append('\n');
            }
        } catch (MoqMuxException e) {
            out.append("close error ").append(e.kind()).append(" at ").append(e.offset());
        } finally {
            broadcast.close();
        }
        String s = out.toString();
        int error = s.indexOf("error ");
        return error >= 0 ? s.substring(error) + "\n" + s.substring(0, error) : s;
    }

    private static String digest(List<List<byte[]>> groups) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (List<byte[]> group : groups) {
                md.update((byte) 0x47);
                for (byte[] frame : group) {
                    md.update((byte) 0x46);
                    md.update(frame);
                }
            }
            return groups.size() + " groups " + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.list(FIXTURES)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
            assertTrue(files.size() > 30, "fixtures found: " + files.size());
            return files;
        }
    }

    private static List<Path> fuzzInputs() throws IOException {
        try (Stream<Path> s = Files.walk(FUZZ)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getParent().toString().contains("Inputs")
                && !p.toString().contains("JsonReader")).sorted().toList();
        }
    }

    /** The complete top-level moof boxes of a stream, walking box headers while they make sense. */
    private static List<byte[]> topLevelMoofs(byte[] stream) {
        List<byte[]> moofs = new ArrayList<>();
        ByteBuf buf = Unpooled.wrappedBuffer(stream);
        int at = 0;
        while (at + 8 <= stream.length) {
            BoxHeader h;
            try {
                h = BoxHeaderReader.read(buf, at, at);
            } catch (MoqMuxException e) {
                break;
            }
            if (h == null || h.extendsToEnd() || h.size() > stream.length - at) {
                break;
            }
            if (h.type() == FourCC.MOOF) {
                moofs.add(java.util.Arrays.copyOfRange(stream, at, at + (int) h.size()));
            }
            at += (int) h.size();
        }
        return moofs;
    }

    private static int firstMoofOffset(byte[] stream) {
        int at = 0;
        while (readU32(stream, at + 4) != FourCC.MOOF) {
            at += (int) readU32(stream, at);
        }
        return at;
    }

    private static long readU32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
