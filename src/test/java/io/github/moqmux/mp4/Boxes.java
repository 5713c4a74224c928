package io.github.moqmux.mp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Assembles boxes by hand for tests, independently of the code under test. */
final class Boxes {
    private Boxes() {
    }

    /** A big-endian byte builder. */
    static final class B {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        B u8(int v) {
            out.write(v);
            return this;
        }

        B u16(int v) {
            return u8(v >>> 8).u8(v);
        }

        B u24(int v) {
            return u8(v >>> 16).u16(v);
        }

        B u32(long v) {
            return u16((int) (v >>> 16)).u16((int) v);
        }

        B u64(long v) {
            return u32(v >>> 32).u32(v);
        }

        B cc(String fourcc) {
            return raw(fourcc.getBytes(StandardCharsets.ISO_8859_1));
        }

        B raw(byte[]... parts) {
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return this;
        }

        B zeros(int n) {
            return raw(new byte[n]);
        }

        byte[] build() {
            return out.toByteArray();
        }
    }

    static B b() {
        return new B();
    }

    static byte[] cat(byte[]... parts) {
        return b().raw(parts).build();
    }

    static byte[] box(String type, byte[]... payload) {
        byte[] p = cat(payload);
        return b().u32(8 + p.length).cc(type).raw(p).build();
    }

    static byte[] fullBox(String type, int version, int flags, byte[]... payload) {
        return box(type, b().u8(version).u24(flags).build(), cat(payload));
    }

    static ByteBuf buf(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    static byte[] hex(String s) {
        s = s.replace(" ", "");
        byte[] r = new byte[s.length() / 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return r;
    }

    /** Index of the first occurrence of a four-character code, minus 4: the box's start. */
    static int find(byte[] data, String type) {
        return find(data, type, 0);
    }

    static int find(byte[] data, String type, int from) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = Math.max(from, 4); i + 4 <= data.length; i++) {
            for (int j = 0; j < 4; j++) {
                if (data[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i - 4;
        }
        throw new AssertionError("no " + type);
    }

    // ---- moov pieces ----

    static byte[] ftyp() {
        return box("ftyp", b().cc("isom").u32(512).cc("isom").cc("iso6").cc("avc1").build());
    }

    static byte[] mvhd(long timescale, long duration) {
        return fullBox("mvhd", 0, 0, b().u32(1).u32(2).u32(timescale).u32(duration)
                .u32(0x00010000).u16(0x0100).zeros(10).zeros(36).zeros(24).u32(3).build());
    }

    static byte[] mvhdV1(long timescale, long duration) {
        return fullBox("mvhd", 1, 0, b().u64(1).u64(2).u32(timescale).u64(duration)
                .u32(0x00010000).u16(0x0100).zeros(10).zeros(36).zeros(24).u32(3).build());
    }

    static byte[] tkhd(long trackId, long duration, int width, int height) {
        return fullBox("tkhd", 0, 3, b().u32(1).u32(2).u32(trackId).u32(0).u32(duration).zeros(8)
                .u16(0).u16(0).u16(0).u16(0).zeros(36).u32((long) width << 16).u32((long) height << 16).build());
    }

    static byte[] tkhdV1(long trackId, long duration, int width, int height) {
        return fullBox("tkhd", 1, 7, b().u64(1).u64(2).u32(trackId).u32(0).u64(duration).zeros(8)
                .u16(0).u16(0).u16(0).u16(0).zeros(36).u32(((long) width << 16) | 0x8000)
                .u32((long) height << 16).build());
    }

    static byte[] mdhd(long timescale, long duration, String lang) {
        int packed = ((lang.charAt(0) - 0x60) << 10) | ((lang.charAt(1) - 0x60) << 5) | (lang.charAt(2) - 0x60);
        return fullBox("mdhd", 0, 0, b().u32(1).u32(2).u32(timescale).u32(duration).u16(packed).u16(0).build());
    }

    static byte[] hdlr(String handler) {
        return fullBox("hdlr", 0, 0, b().u32(0).cc(handler).zeros(12).raw("Handler\0".getBytes(
                StandardCharsets.US_ASCII)).build());
    }

    static byte[] stsd(byte[]... entries) {
        return fullBox("stsd", 0, 0, b().u32(entries.length).raw(entries).build());
    }

    static byte[] mdia(long timescale, String handler, byte[] stsd) {
        return box("mdia", mdhd(timescale, 0, "eng"), hdlr(handler),
                box("minf", box("vmhd", b().zeros(12).build()), box("dinf"),
                        box("stbl", stsd, fullBox("stts", 0, 0, b().u32(0).build()))));
    }

    /** The mdia as an init segment carries it: the same, but with empty sample tables. */
    static byte[] initMdia(long timescale, String handler, byte[] stsd) {
        return box("mdia", mdhd(timescale, 0, "eng"), hdlr(handler),
                box("minf", box("vmhd", b().zeros(12).build()), box("dinf"),
                        box("stbl", stsd, fullBox("stts", 0, 0, b().u32(0).build()),
                                fullBox("stsc", 0, 0, b().u32(0).build()),
                                fullBox("stsz", 0, 0, b().u32(0).u32(0).build()),
                                fullBox("stco", 0, 0, b().u32(0).build()))));
    }

    static byte[] trak(long trackId, byte[] edts, byte[] mdia) {
        return edts == null ? box("trak", tkhd(trackId, 0, 1280, 720), mdia)
                : box("trak", tkhd(trackId, 0, 1280, 720), edts, mdia);
    }

    static byte[] elst0(long... triples) {
        B e = b().u32(triples.length / 3);
        for (int i = 0; i < triples.length; i += 3) {
            e.u32(triples[i]).u32(triples[i + 1]).u16((int) triples[i + 2]).u16(0);
        }
        return box("edts", fullBox("elst", 0, 0, e.build()));
    }

    static byte[] elst1(long... triples) {
        B e = b().u32(triples.length / 3);
        for (int i = 0; i < triples.length; i += 3) {
            e.u64(triples[i]).u64(triples[i + 1]).u16((int) triples[i + 2]).u16(0);
        }
        return box("edts", fullBox("elst", 1, 0, e.build()));
    }

    static byte[] trex(long trackId, long sdi, long duration, long size, int flags) {
        return fullBox("trex", 0, 0, b().u32(trackId).u32(sdi).u32(duration).u32(size).u32(flags).build());
    }

    static byte[] visualEntry(String format, int w, int h, byte[]... children) {
        return box(format, b().zeros(6).u16(1).zeros(16).u16(w).u16(h).u32(0x00480000).u32(0x00480000).u32(0)
                .u16(1).zeros(32).u16(0x18).u16(0xFFFF).build(), cat(children));
    }

    static byte[] audioEntry(String format, int channels, int sampleSize, int rate, byte[]... children) {
        return box(format, b().zeros(6).u16(1).u16(0).u16(0).u32(0).u16(channels).u16(sampleSize).u16(0).u16(0)
                .u32((long) rate << 16).build(), cat(children));
    }

    /** An avcC payload: High profile, 4-byte lengths, one SPS, one PPS, High trailing bytes. */
    static final byte[] SPS = hex("6764001facd9405005bb011000000300100000030320f183196000");
    static final byte[] PPS = hex("68ebe3cb22c0");

    static byte[] avcCPayload() {
        return b().u8(1).u8(0x64).u8(0x00).u8(0x1f).u8(0xFF).u8(0xE1).u16(SPS.length).raw(SPS).u8(1)
                .u16(PPS.length).raw(PPS).u8(0xFD).u8(0xF8).u8(0xF8).u8(0).build();
    }

    static byte[] hvcCPayload() {
        return b().u8(1).u8(0x22 /* space 0, tier 1, idc 2 */).u32(0x20000000L).raw(hex("b00000000000"))
                .u8(123).u16(0xF000).u8(0xFC).u8(0xFD).u8(0xFA).u8(0xFA).u16(0).u8(0x0F /* lsm 3 */).u8(2)
                .u8(0xA0).u16(1).u16(3).raw(hex("400c01"))
                .u8(0xA1).u16(2).u16(2).raw(hex("4201")).u16(1).raw(hex("42")).build();
    }

    static byte[] esds(byte[] dsi) {
        B dcd = b().u8(0x40).u8(0x15).u24(6144).u32(160000).u32(128000);
        if (dsi != null) {
            dcd.u8(5).u8(dsi.length).raw(dsi);
        }
        byte[] dc = dcd.build();
        // ES_Descriptor with a 4-byte expandable size (0x80 0x80 0x80 n) as many encoders write it.
        byte[] esBody = b().u16(1).u8(0).u8(4).u8(0x80).u8(0x80).u8(dc.length).raw(dc).u8(6).u8(1).u8(2).build();
        return fullBox("esds", 0, 0, b().u8(3).u8(0x80).u8(0x80).u8(0x80).u8(esBody.length).raw(esBody).build());
    }

    static byte[] dOps0() {
        return box("dOps", b().u8(0).u8(2).u16(312).u32(48000).u16(0xFF00).u8(0).build());
    }

    static byte[] dOps1() {
        return box("dOps", b().u8(0).u8(6).u16(312).u32(44100).u16(256).u8(1).u8(4).u8(2)
                .raw(hex("000401020503")).build());
    }

    static byte[] videoMoov() {
        byte[] avc1 = visualEntry("avc1", 1280, 720, box("avcC", avcCPayload()),
                box("pasp", b().u32(4).u32(3).build()), box("btrt", b().u32(100).u32(2000000).u32(1500000).build()),
                box("colr", b().cc("nclx").u16(1).u16(1).u16(1).u8(0x80).build()));
        byte[] vtrak = trak(1, elst0(0, 1024, 1), mdia(90000, "vide", stsd(avc1)));
        byte[] mp4a = audioEntry("mp4a", 2, 16, 48000, esds(hex("1190")));
        byte[] atrak = trak(2, null, mdia(48000, "soun", stsd(mp4a)));
        return box("moov", mvhd(1000, 0), vtrak, atrak,
                box("mvex", fullBox("mehd", 0, 0, b().u32(0).build()), trex(1, 1, 3000, 0, 0x01010000),
                        trex(2, 1, 1024, 0, 0x02000000)));
    }

    // ---- moof pieces ----

    static byte[] mfhd(long seq) {
        return fullBox("mfhd", 0, 0, b().u32(seq).build());
    }

    static byte[] tfdt0(long t) {
        return fullBox("tfdt", 0, 0, b().u32(t).build());
    }

    static byte[] tfdt1(long t) {
        return fullBox("tfdt", 1, 0, b().u64(t).build());
    }
}
