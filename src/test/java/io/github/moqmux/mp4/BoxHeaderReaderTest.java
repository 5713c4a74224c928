package io.github.moqmux.mp4;

import static io.github.moqmux.mp4.Boxes.b;
import static io.github.moqmux.mp4.Boxes.buf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class BoxHeaderReaderTest {
    private static MoqMuxException fail(byte[] bytes, int index, long abs) {
        ByteBuf buf = buf(bytes);
        try {
            BoxHeaderReader.read(buf, index, abs);
        } catch (MoqMuxException e) {
            return e;
        } finally {
            buf.release();
        }
        throw new AssertionError("expected MoqMuxException");
    }

    private static BoxHeader read(byte[] bytes, int index, long abs) {
        ByteBuf buf = buf(bytes);
        try {
            return BoxHeaderReader.read(buf, index, abs);
        } finally {
            buf.release();
        }
    }

    @Test
    void reads32BitSize() {
        BoxHeader h = read(b().zeros(3).u32(1000).cc("moov").build(), 3, 5000);
        assertThat(h).isEqualTo(new BoxHeader(FourCC.MOOV, 5000, 8, 1000));
        assertThat(h.payloadOffset()).isEqualTo(5008);
        assertThat(h.end()).isEqualTo(6000);
        assertThat(h.payloadSize()).isEqualTo(992);
        assertThat(h.extendsToEnd()).isFalse();
    }

    @Test
    void reads64BitSize() {
        BoxHeader h = read(b().u32(1).cc("mdat").u64(0x1_0000_0010L).build(), 0, 77);
        assertThat(h).isEqualTo(new BoxHeader(FourCC.MDAT, 77, 16, 0x1_0000_0010L));
        assertThat(h.payloadOffset()).isEqualTo(93);
        assertThat(h.end()).isEqualTo(77 + 0x1_0000_0010L);
    }

    @Test
    void readsSizeZeroAsExtendingToEnd() {
        BoxHeader h = read(b().u32(0).cc("mdat").build(), 0, 10);
        assertThat(h.size()).isEqualTo(-1);
        assertThat(h.extendsToEnd()).isTrue();
        assertThat(h.end()).isEqualTo(-1);
        assertThat(h.payloadSize()).isEqualTo(-1);
        assertThat(h.payloadOffset()).isEqualTo(18);
    }

    @Test
    void readsUuidHeader() {
        byte[] bytes = b().u32(40).cc("uuid").zeros(16).zeros(16).build();
        BoxHeader h = read(bytes, 0, 0);
        assertThat(h.headerSize()).isEqualTo(24);
        assertThat(h.size()).isEqualTo(40);
        assertThat(read(b().u32(1).cc("uuid").u64(48).zeros(16).build(), 0, 0).headerSize()).isEqualTo(32);
        assertThat(read(b().u32(40).cc("uuid").zeros(15).build(), 0, 0)).isNull();
    }

    @Test
    void incompleteHeaderIsNull() {
        byte[] full = b().u32(1).cc("mdat").u64(100).build();
        for (int n = 0; n < full.length; n++) {
            byte[] part = java.util.Arrays.copyOf(full, n);
            assertThat(read(part, 0, 0)).as("%d bytes", n).isNull();
        }
        assertThat(read(b().u32(20).cc("moo").build(), 0, 0)).isNull();
        // the index counts: 8 bytes exist but only 7 after the index
        assertThat(read(b().u8(0).u32(20).cc("moo").build(), 1, 0)).isNull();
    }

    @Test
    void readsOnlyBelowWriterIndex() {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer(64);
        try {
            buf.writeInt(100).writeShort(0x6d6f);
            assertThat(BoxHeaderReader.read(buf, 0, 0)).isNull();
            buf.writeShort(0x6f76);
            assertThat(BoxHeaderReader.read(buf, 0, 0).type()).isEqualTo(FourCC.MOOV);
        } finally {
            buf.release();
        }
    }

    @Test
    void sizeSmallerThanHeaderIsMalformedWithOffset() {
        for (int size = 2; size < 8; size++) {
            MoqMuxException e = fail(b().zeros(2).u32(size).cc("moov").build(), 2, 1234);
            assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED);
            assertThat(e.offset()).isEqualTo(1234);
            assertThat(e.getMessage()).contains("moov").endsWith("at byte 1234");
        }
        MoqMuxException e = fail(b().u32(20).cc("uuid").zeros(16).build(), 0, 9);
        assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED);
        assertThat(e.offset()).isEqualTo(9);
    }

    @Test
    void badSizeFailsBeforeTheRestOfTheHeaderArrives() {
        // only the size field and type are there; the size is already impossible
        MoqMuxException e = fail(b().u32(4).cc("uuid").build(), 0, 0);
        assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED);
    }

    @Test
    void largeSizeSmallerThanHeaderIsMalformed() {
        MoqMuxException e = fail(b().u32(1).cc("mdat").u64(15).build(), 0, 42);
        assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED);
        assertThat(e.offset()).isEqualTo(42);
        assertThat(fail(b().u32(1).cc("uuid").u64(31).zeros(16).build(), 0, 0).kind())
                .isEqualTo(MoqMuxException.Kind.MALFORMED);
    }

    @Test
    void largeSizeAboveLongMaxIsMalformed() {
        MoqMuxException e = fail(b().u32(1).cc("mdat").u64(0x8000_0000_0000_0000L).build(), 0, 7);
        assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED);
        assertThat(e.offset()).isEqualTo(7);
    }

    @Test
    void negativeIndexIsAProgrammingError() {
        ByteBuf buf = buf(new byte[16]);
        try {
            assertThatThrownBy(() -> BoxHeaderReader.read(buf, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            buf.release();
        }
    }

    @Test
    void fourCcRoundTripsAndEscapesUnprintable() {
        assertThat(FourCC.toString(FourCC.of("Opus"))).isEqualTo("Opus");
        assertThat(DOps.OPUS.type()).isEqualTo(0x4F707573);
        assertThat(DOps.TYPE).isEqualTo(FourCC.of("dOps"));
        assertThat(FourCC.toString(0x00000001)).isEqualTo("0x00000001");
        assertThatThrownBy(() -> FourCC.of("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FourCC.of("ab\u0100c")).isInstanceOf(IllegalArgumentException.class);
    }
}
