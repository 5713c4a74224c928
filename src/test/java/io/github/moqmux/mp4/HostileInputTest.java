package io.github.moqmux.mp4;

import static io.github.moqmux.mp4.Boxes.audioEntry;
import static io.github.moqmux.mp4.Boxes.b;
import static io.github.moqmux.mp4.Boxes.box;
import static io.github.moqmux.mp4.Boxes.buf;
import static io.github.moqmux.mp4.Boxes.cat;
import static io.github.moqmux.mp4.Boxes.fullBox;
import static io.github.moqmux.mp4.Boxes.hex;
import static io.github.moqmux.mp4.Boxes.mdia;
import static io.github.moqmux.mp4.Boxes.stsd;
import static io.github.moqmux.mp4.Boxes.trak;
import static io.github.moqmux.mp4.Boxes.visualEntry;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Feeds truncated, corrupted and random input to the parsers: whatever happens, the only thing
 * that may escape is {@link MoqMuxException} (no IndexOutOfBounds, NPE, OOM, endless loop).
 */
class HostileInputTest {
    private static final int[] INTERESTING = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0x08, 0x10};

    /** A moov exercising every sample entry kind the parser decodes. */
    static byte[] richMoov() {
        byte[] hvc1 = visualEntry("hvc1", 3840, 2160, box("hvcC", Boxes.hvcCPayload()),
                box("colr", b().cc("nclc").u16(1).u16(1).u16(1).build()));
        byte[] vp09 = visualEntry("vp09", 640, 360, fullBox("vpcC", 1, 0, b().u8(0).u8(31).u8(0x82).u8(1).u8(1)
                .u8(1).u16(2).u16(0xABCD).build()));
        byte[] av01 = visualEntry("av01", 640, 360, box("av1C", hex("812c0000")));
        byte[] opus = audioEntry("Opus", 6, 16, 48000, Boxes.dOps1());
        byte[] qt2 = box("mp4a", b().zeros(6).u16(1).u16(2).u16(0).u32(0).u16(3).u16(16).u16(0xFFFE).u16(0)
                .u32(0x00010000).u32(72).u64(Double.doubleToLongBits(44100.0)).u32(2).u32(0x7F000000).u32(16)
                .u32(0).u32(0).u32(1024).build(), box("wave", Boxes.esds(hex("1210")), new byte[8]));
        byte[] extra = cat(trak(3, Boxes.elst1(10, -1, 1, 20, 0, 1), mdia(90000, "vide", stsd(hvc1, vp09, av01))),
                trak(4, null, mdia(48000, "soun", stsd(opus, qt2))));
        byte[] base = Boxes.videoMoov();
        // append the extra tracks inside the moov
        byte[] moov = cat(base, extra);
        int size = moov.length;
        moov[0] = (byte) (size >>> 24);
        moov[1] = (byte) (size >>> 16);
        moov[2] = (byte) (size >>> 8);
        moov[3] = (byte) size;
        return moov;
    }

    static byte[] richMoof() {
        byte[] traf1 = box("traf", fullBox("tfhd", 0, 0x2003B, b().u32(1).u64(1234).u32(1).u32(3000).u32(100)
                .u32(0x01010000).build()), Boxes.tfdt1(90000),
                fullBox("trun", 1, 0xF05, b().u32(3).u32(200).u32(0x02000000).u32(3000).u32(10).u32(0)
                        .u32(-3000).u32(3000).u32(20).u32(0x01010000).u32(3000).u32(3000).u32(30).u32(0)
                        .u32(0).build()));
        byte[] traf2 = box("traf", fullBox("tfhd", 0, 0x20000, b().u32(2).build()), Boxes.tfdt0(48000),
                fullBox("trun", 0, 0x301, b().u32(2).u32(260).u32(1024).u32(6).u32(1024).u32(7).build()));
        return box("moof", Boxes.mfhd(5), traf1, traf2);
    }

    private static void expectOnlyOurs(byte[] data, BiFunction<ByteBuf, Long, Object> parser, String what) {
        ByteBuf buf = buf(data);
        try {
            parser.apply(buf, 0L);
        } catch (MoqMuxException e) {
            assertThat(e.offset()).as("offset of %s: %s", what, e.getMessage())
                    .isBetween(MoqMuxException.NO_OFFSET, (long) data.length);
        } catch (Throwable t) {
            throw new AssertionError(what + " leaked " + t + " for input " + hexOf(data), t);
        } finally {
            buf.release();
        }
    }

    private static String hexOf(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (byte x : data) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    private static void withSize(byte[] data, int size) {
        data[0] = (byte) (size >>> 24);
        data[1] = (byte) (size >>> 16);
        data[2] = (byte) (size >>> 8);
        data[3] = (byte) size;
    }

    private static void everyTruncation(byte[] valid, BiFunction<ByteBuf, Long, Object> parser) {
        for (int n = 0; n < valid.length; n++) {
            byte[] cut = Arrays.copyOf(valid, n);
            // declared size larger than what was given: must be reported, never parsed
            ByteBuf buf = buf(cut);
            try {
                parser.apply(buf, 0L);
                throw new AssertionError("a " + n + "-byte prefix of a " + valid.length + "-byte box parsed");
            } catch (MoqMuxException e) {
                assertThat(e.kind()).isIn(MoqMuxException.Kind.TRUNCATED, MoqMuxException.Kind.MALFORMED);
            } finally {
                buf.release();
            }
            // the outer size agrees with the cut, so the damage is inside some child
            if (n >= 8) {
                byte[] resized = cut.clone();
                withSize(resized, n);
                expectOnlyOurs(resized, parser, "resized prefix " + n);
            }
        }
    }

    private static void mutations(byte[] valid, BiFunction<ByteBuf, Long, Object> parser, long seed, int rounds) {
        Random r = new Random(seed);
        for (int i = 0; i < rounds; i++) {
            byte[] m = valid.clone();
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = 8 + r.nextInt(m.length - 8);
                m[at] = (byte) (r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : r.nextInt(256));
            }
            expectOnlyOurs(m, parser, "mutation " + i + " (seed " + seed + ")");
        }
    }

    private static void randomPayloads(String type, BiFunction<ByteBuf, Long, Object> parser, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 3000; i++) {
            byte[] payload = new byte[r.nextInt(200)];
            r.nextBytes(payload);
            expectOnlyOurs(box(type, payload), parser, "random " + type + " " + i);
            byte[] raw = new byte[r.nextInt(64)];
            r.nextBytes(raw);
            expectOnlyOurs(raw, parser, "random bytes " + i);
        }
    }

    @Test
    void richFixturesParse() {
        ByteBuf m = buf(richMoov());
        ByteBuf f = buf(richMoof());
        try {
            Moov moov = Mp4Parser.parseMoov(m, 0);
            assertThat(moov.traks()).hasSize(4);
            assertThat(moov.traks().get(2).mdia().stbl().sampleEntries()).hasSize(3);
            assertThat(((VisualSampleEntry) moov.traks().get(2).mdia().stbl().sampleEntries().get(1)).config())
                    .isEqualTo(new VpcC(1, 0, 31, 8, 1, false, 1, 1, 1, hex("abcd")));
            AudioSampleEntry qt2 = (AudioSampleEntry) moov.traks().get(3).mdia().stbl().sampleEntries().get(1);
            assertThat(qt2.sampleRate()).isEqualTo(44100);
            assertThat(qt2.esds().decoderSpecificInfo()).isEqualTo(hex("1210"));
            Moof moof = Mp4Parser.parseMoof(f, 0);
            assertThat(moof.trafs()).hasSize(2);
            assertThat(moof.trafs().get(0).truns().get(0).compositionOffset(0)).isEqualTo(-3000);
        } finally {
            m.release();
            f.release();
        }
    }

    @Test
    void everyTruncationOfMoovFailsCleanly() {
        everyTruncation(richMoov(), Mp4Parser::parseMoov);
    }

    @Test
    void everyTruncationOfMoofFailsCleanly() {
        everyTruncation(richMoof(), Mp4Parser::parseMoof);
        everyTruncation(Boxes.ftyp(), Mp4Parser::parseFtyp);
    }

    @Test
    void corruptedMoovFailsCleanly() {
        mutations(richMoov(), Mp4Parser::parseMoov, 1, 20000);
    }

    @Test
    void corruptedMoofFailsCleanly() {
        mutations(richMoof(), Mp4Parser::parseMoof, 2, 20000);
    }

    @Test
    void randomBytesFailCleanly() {
        randomPayloads("moov", Mp4Parser::parseMoov, 3);
        randomPayloads("moof", Mp4Parser::parseMoof, 4);
        randomPayloads("ftyp", Mp4Parser::parseFtyp, 5);
    }
}
