package io.github.moqmux.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VarIntTest {

    @ParameterizedTest(name = "{0} takes {1} bytes")
    @CsvSource({
        "0, 1",
        "63, 1",
        "64, 2",
        "16383, 2",
        "16384, 4",
        "1073741823, 4",        // 2^30 - 1
        "1073741824, 8",        // 2^30
        "4611686018427387903, 8", // 2^62 - 1
    })
    void sizeAtTheBoundariesAndRoundTrip(long value, int size) {
        assertThat(VarInt.size(value)).isEqualTo(size);
        ByteBuf buf = Bufs.ALLOC.buffer();
        try {
            VarInt.write(buf, value);
            assertThat(buf.readableBytes()).isEqualTo(size);
            assertThat(VarInt.read(buf)).isEqualTo(value);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
    }

    @Test
    void maxIsTwoToTheSixtySecondMinusOne() {
        assertThat(VarInt.MAX).isEqualTo(4_611_686_018_427_387_903L);
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 62, Long.MAX_VALUE, -1, Long.MIN_VALUE})
    void rejectsValuesOutOfRange(long value) {
        assertThatThrownBy(() -> VarInt.size(value))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED));
        ByteBuf buf = Bufs.ALLOC.buffer();
        try {
            assertThatThrownBy(() -> VarInt.write(buf, value)).isInstanceOf(MoqMuxException.class);
            assertThat(buf.writerIndex()).as("nothing written").isZero();
        } finally {
            buf.release();
        }
    }

    /** RFC 9000 Appendix A.1 sample encodings. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "c2197c5eff14e88c, 151288809941952652",
        "9d7f3e7d, 494878333",
        "7bbd, 15293",
        "25, 37",
    })
    void rfc9000Examples(String hex, long value) {
        ByteBuf in = Bufs.ofHex(hex);
        ByteBuf out = Bufs.ALLOC.buffer();
        try {
            assertThat(VarInt.read(in)).isEqualTo(value);
            assertThat(in.isReadable()).isFalse();
            VarInt.write(out, value);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(hex);
        } finally {
            in.release();
            out.release();
        }
    }

    @Test
    void readsNonMinimalEncodingsAsRfc9000Allows() {
        // RFC 9000 §A.1: "the two-byte sequence 0x40 0x25 also decodes to 37".
        ByteBuf in = Bufs.ofHex("4025");
        try {
            assertThat(VarInt.read(in)).isEqualTo(37);
        } finally {
            in.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "40", "9d7f3e", "c2197c5eff14e8"})
    void truncatedReadFailsWithoutConsuming(String hex) {
        ByteBuf in = Bufs.ofHex(hex);
        try {
            assertThatThrownBy(() -> VarInt.read(in))
                    .isInstanceOfSatisfying(MoqMuxException.class,
                            e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.TRUNCATED));
            assertThat(in.readerIndex()).isZero();
        } finally {
            in.release();
        }
    }

    @Test
    void readsConsecutiveValuesAndStopsAtEachEnd() {
        ByteBuf in = Bufs.ofHex("257bbd9d7f3e7d");
        try {
            assertThat(VarInt.read(in)).isEqualTo(37);
            assertThat(in.readerIndex()).isEqualTo(1);
            assertThat(VarInt.read(in)).isEqualTo(15293);
            assertThat(in.readerIndex()).isEqualTo(3);
            assertThat(VarInt.read(in)).isEqualTo(494878333);
            assertThat(in.isReadable()).isFalse();
        } finally {
            in.release();
        }
    }
}
