package io.github.moqmux.mp4;

import static io.github.moqmux.mp4.Boxes.buf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxWriterTest {
    private static final long[] DURATIONS = {3000, 3000, 0xFFFFFFFFL};
    private static final long[] SIZES = {50000, 1200, 900};
    private static final int[] FLAGS = {0x02000000, 0x01010000, 0x01010000};

    private static byte[] fragment(long seq, long trackId, long bmdt, long[] cto, long payloadSize) {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeBytes(new byte[3]); // the writer appends at the writer index
            BoxWriter.writeFragmentHeader(out, seq, trackId, bmdt, 3, DURATIONS, SIZES, FLAGS, cto, payloadSize);
            assertThat(out.readableBytes() - 3).isEqualTo(BoxWriter.fragmentHeaderSize(3, payloadSize));
            byte[] b = new byte[out.readableBytes() - 3];
            out.getBytes(3, b);
            return b;
        } finally {
            out.release();
        }
    }

    @Test
    void fragmentHeaderRoundTripsThroughTheParser() {
        long[] cto = {0, 6000, 0xFFFFFFFFL};
        long payload = 50000 + 1200 + 900;
        byte[] bytes = fragment(7, 0xFFFFFFFFL, 0x1_0000_0000L, cto, payload);
        ByteBuf buf = buf(bytes);
        try {
            Moof m = Mp4Parser.parseMoof(buf, 100);
            assertThat(m.offset()).isEqualTo(100);
            assertThat(m.sequenceNumber()).isEqualTo(7);
            assertThat(m.trafs()).hasSize(1);
            Traf traf = m.trafs().get(0);
            assertThat(traf.tfhd()).isEqualTo(new Tfhd(0x20000, 0xFFFFFFFFL, 0, 0, 0, 0, 0));
            assertThat(traf.tfdt()).isEqualTo(new Tfdt(1, 0x1_0000_0000L));
            assertThat(traf.truns()).hasSize(1);
            Trun t = traf.truns().get(0);
            assertThat(t.version()).isZero();
            assertThat(t.flags()).isEqualTo(0xF01);
            assertThat(t.sampleCount()).isEqualTo(3);
            // the data starts right after the mdat header that follows the moof
            assertThat((long) t.dataOffset()).isEqualTo(m.size() + 8);
            for (int i = 0; i < 3; i++) {
                assertThat(t.duration(i)).isEqualTo(DURATIONS[i]);
                assertThat(t.size(i)).isEqualTo(SIZES[i]);
                assertThat(t.flags(i)).isEqualTo(FLAGS[i]);
                assertThat(t.compositionOffset(i)).isEqualTo(cto[i]);
            }
            BoxHeader mdat = BoxHeaderReader.read(buf, (int) m.size(), 100 + m.size());
            assertThat(mdat.type()).isEqualTo(FourCC.MDAT);
            assertThat(mdat.headerSize()).isEqualTo(8);
            assertThat(mdat.size()).isEqualTo(payload + 8);
            assertThat(m.size() + 8).isEqualTo(bytes.length);
        } finally {
            buf.release();
        }
    }

    @Test
    void negativeCompositionOffsetsSelectVersion1() {
        long[] cto = {-2000, 1000, Integer.MIN_VALUE};
        byte[] bytes = fragment(1, 2, 0, cto, 10);
        ByteBuf buf = buf(bytes);
        try {
            Trun t = Mp4Parser.parseMoof(buf, 0).trafs().get(0).truns().get(0);
            assertThat(t.version()).isEqualTo(1);
            assertThat(t.compositionOffset(0)).isEqualTo(-2000);
            assertThat(t.compositionOffset(1)).isEqualTo(1000);
            assertThat(t.compositionOffset(2)).isEqualTo(Integer.MIN_VALUE);
        } finally {
            buf.release();
        }
    }

    @Test
    void largePayloadUsesA64BitMdatHeader() {
        long payload = 0xFFFFFFFFL - 7; // payload + 8 just exceeds the 32-bit size
        assertThat(BoxWriter.fragmentHeaderSize(3, payload - 1)).isEqualTo(BoxWriter.fragmentHeaderSize(3, 0));
        assertThat(BoxWriter.fragmentHeaderSize(3, payload)).isEqualTo(BoxWriter.fragmentHeaderSize(3, 0) + 8);
        byte[] bytes = fragment(1, 1, 0, new long[3], payload);
        ByteBuf buf = buf(bytes);
        try {
            Moof m = Mp4Parser.parseMoof(buf, 0);
            assertThat((long) m.trafs().get(0).truns().get(0).dataOffset()).isEqualTo(m.size() + 16);
            BoxHeader mdat = BoxHeaderReader.read(buf, (int) m.size(), m.size());
            assertThat(mdat.headerSize()).isEqualTo(16);
            assertThat(mdat.size()).isEqualTo(payload + 16);
            assertThat(m.size() + 16).isEqualTo(bytes.length);
        } finally {
            buf.release();
        }
    }

    @Test
    void fragmentHeaderSizeIsExactForAnyCount() {
        for (int n : new int[] {0, 1, 17, 1000}) {
            ByteBuf out = Unpooled.buffer();
            try {
                BoxWriter.writeFragmentHeader(out, 0, 1, 0, n, new long[n], new long[n], new int[n], new long[n], 0);
                assertThat(out.readableBytes()).isEqualTo(BoxWriter.fragmentHeaderSize(n, 0));
                assertThat(Mp4Parser.parseMoof(out, 0).trafs().get(0).truns().get(0).sampleCount()).isEqualTo(n);
            } finally {
                out.release();
            }
        }
        assertThat(BoxWriter.fragmentHeaderSize(0, 0)).isEqualTo(96);
    }

    @Test
    void rejectsValuesThatDoNotFitTheirFields() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThat(kind(() -> BoxWriter.writeFragmentHeader(out, 0, 1, -1, 0, new long[0], new long[0],
                    new int[0], new long[0], 0))).isEqualTo(Kind.BAD_TIMESTAMP);
            assertThat(kind(() -> BoxWriter.writeFragmentHeader(out, 0, 1, 0, 1, new long[] {1L << 32},
                    new long[1], new int[1], new long[1], 0))).isEqualTo(Kind.BAD_TIMESTAMP);
            assertThat(kind(() -> BoxWriter.writeFragmentHeader(out, 0, 1, 0, 1, new long[1],
                    new long[] {-1}, new int[1], new long[1], 0))).isEqualTo(Kind.LIMIT_EXCEEDED);
            assertThat(kind(() -> BoxWriter.writeFragmentHeader(out, 0, 1, 0, 2, new long[2], new long[2],
                    new int[2], new long[] {-1, 1L << 31}, 0))).isEqualTo(Kind.BAD_TIMESTAMP);
            assertThat(kind(() -> BoxWriter.writeFragmentHeader(out, 0, 1, 0, 1, new long[1], new long[1],
                    new int[1], new long[] {1L << 32}, 0))).isEqualTo(Kind.BAD_TIMESTAMP);
            assertThat(kind(() -> BoxWriter.fragmentHeaderSize(Integer.MAX_VALUE, 0)))
                    .isEqualTo(Kind.LIMIT_EXCEEDED);
            assertThatThrownBy(() -> BoxWriter.writeFragmentHeader(out, 0, 1, 0, 2, new long[1], new long[2],
                    new int[2], new long[2], 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> BoxWriter.writeFragmentHeader(out, 0, 1L << 32, 0, 0, new long[0],
                    new long[0], new int[0], new long[0], 0)).isInstanceOf(IllegalArgumentException.class);
            assertThat(out.readableBytes()).as("nothing written on failure").isZero();
        } finally {
            out.release();
        }
    }

    private static Kind kind(Runnable r) {
        try {
            r.run();
        } catch (MoqMuxException e) {
            return e.kind();
        }
        throw new AssertionError("expected MoqMuxException");
    }

    @Test
    void initSegmentHoldsOneTrackWithoutEditsAndItsTrex() {
        byte[] ftypBytes = Boxes.ftyp();
        byte[] moovBytes = Boxes.videoMoov();
        ByteBuf f = buf(ftypBytes);
        ByteBuf mv = buf(moovBytes);
        try {
            Ftyp ftyp = Mp4Parser.parseFtyp(f, 0);
            Moov moov = Mp4Parser.parseMoov(mv, ftypBytes.length);
            Trak video = moov.traks().get(0);
            assertThat(video.editList()).isNotEmpty();
            byte[] init = BoxWriter.initSegment(ftyp, moov.mvhd(), video, moov.trex(1));

            Moov again = parseInit(init, ftypBytes);
            assertThat(again.mvhd()).isEqualTo(moov.mvhd());
            assertThat(again.traks()).hasSize(1);
            Trak t = again.traks().get(0);
            assertThat(t.tkhd()).isEqualTo(video.tkhd());
            assertThat(t.mdia()).isEqualTo(video.mdia());
            assertThat(t.editList()).isEmpty();
            assertThat(again.mvex().trex()).containsExactly(new Trex(1, 1, 3000, 0, 0x01010000));
        } finally {
            f.release();
            mv.release();
        }
    }

    @Test
    void initSegmentDefaultsWithoutFtypAndTrex() {
        ByteBuf mv = buf(Boxes.videoMoov());
        try {
            Moov moov = Mp4Parser.parseMoov(mv, 0);
            Trak audio = moov.traks().get(1);
            byte[] init = BoxWriter.initSegment(null, moov.mvhd(), audio, null);
            ByteBuf buf = buf(init);
            try {
                Ftyp f = Mp4Parser.parseFtyp(buf, 0);
                assertThat(f.majorBrand()).isEqualTo(FourCC.of("iso6"));
                assertThat(f.minorVersion()).isZero();
                assertThat(f.compatibleBrands()).containsExactly(FourCC.of("iso6"), FourCC.of("cmfc"),
                        FourCC.of("mp41"));
                Moov again = parseInit(init, f.raw());
                assertThat(again.traks()).containsExactly(audio);
                assertThat(again.mvex().trex()).containsExactly(new Trex(2, 1, 0, 0, 0));
            } finally {
                buf.release();
            }
        } finally {
            mv.release();
        }
    }

    @Test
    void initSegmentRewritesStypAsFtyp() {
        byte[] styp = Boxes.box("styp", Boxes.b().cc("msdh").u32(0).cc("msdh").cc("msix").build());
        ByteBuf s = buf(styp);
        ByteBuf mv = buf(Boxes.videoMoov());
        try {
            Ftyp f = Mp4Parser.parseFtyp(s, 0);
            Moov moov = Mp4Parser.parseMoov(mv, 0);
            byte[] init = BoxWriter.initSegment(f, moov.mvhd(), moov.traks().get(0), null);
            ByteBuf buf = buf(init);
            try {
                Ftyp again = Mp4Parser.parseFtyp(buf, 0);
                assertThat(again.isStyp()).isFalse();
                assertThat(again.majorBrand()).isEqualTo(f.majorBrand());
                assertThat(again.compatibleBrands()).isEqualTo(List.of(FourCC.of("msdh"), FourCC.of("msix")));
                assertThat(parseInit(init, again.raw()).traks()).hasSize(1);
            } finally {
                buf.release();
            }
        } finally {
            s.release();
            mv.release();
        }
    }

    private static Moov parseInit(byte[] init, byte[] expectedFtyp) {
        assertThat(java.util.Arrays.copyOf(init, expectedFtyp.length)).isEqualTo(expectedFtyp);
        ByteBuf buf = buf(init);
        try {
            buf.readerIndex(expectedFtyp.length);
            BoxHeader h = BoxHeaderReader.read(buf, expectedFtyp.length, expectedFtyp.length);
            assertThat(h.type()).isEqualTo(FourCC.MOOV);
            assertThat(h.end()).isEqualTo(init.length);
            return Mp4Parser.parseMoov(buf, expectedFtyp.length);
        } finally {
            buf.release();
        }
    }
}
