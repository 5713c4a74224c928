package io.github.moqmux.container;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;

/**
 * QUIC variable-length integers (RFC 9000 §16): the two most significant bits of the first byte
 * give the encoded length (00 → 1, 01 → 2, 10 → 4, 11 → 8 bytes); the remaining bits hold the
 * value in network byte order. Values range from 0 to {@link #MAX} = 2<sup>62</sup>−1.
 *
 * <pre>{@code
 * ByteBuf out = alloc.buffer(VarInt.size(15293));
 * VarInt.write(out, 15293);          // 0x7b 0xbd
 * long v = VarInt.read(out);         // 15293
 * }</pre>
 *
 * <p>{@link #read} accepts non-minimal encodings (RFC 9000 allows them); {@link #write} always
 * produces the shortest one.
 */
public final class VarInt {
    /** The largest encodable value, 2<sup>62</sup>−1. */
    public static final long MAX = (1L << 62) - 1;

    private static final long MAX_1 = (1L << 6) - 1;
    private static final long MAX_2 = (1L << 14) - 1;
    private static final long MAX_4 = (1L << 30) - 1;

    private VarInt() {
    }

    /**
     * Returns the number of bytes of the shortest encoding of {@code v}.
     *
     * @param v a value in 0..{@link #MAX}
     * @return 1, 2, 4 or 8
     * @throws MoqMuxException of kind {@code MALFORMED} if {@code v} is negative or above {@link #MAX}
     */
    public static int size(long v) {
        if (v < 0 || v > MAX) {
            throw new MoqMuxException(MoqMuxException.Kind.MALFORMED,
                    "value " + v + " cannot be encoded as a QUIC varint (range 0.." + MAX + ")");
        }
        if (v <= MAX_1) {
            return 1;
        }
        if (v <= MAX_2) {
            return 2;
        }
        return v <= MAX_4 ? 4 : 8;
    }

    /**
     * Appends the shortest encoding of {@code v} at the writer index of {@code out}, growing it if
     * needed. Nothing is written when {@code v} is out of range.
     *
     * @param out the destination; its ownership does not change
     * @param v   a value in 0..{@link #MAX}
     * @throws MoqMuxException of kind {@code MALFORMED} if {@code v} is out of range
     */
    public static void write(ByteBuf out, long v) {
        switch (size(v)) {
            case 1 -> out.writeByte((int) v);
            case 2 -> out.writeShort((int) (0x4000 | v));
            case 4 -> out.writeInt((int) (0x8000_0000L | v));
            default -> out.writeLong(0xC000_0000_0000_0000L | v);
        }
    }

    /**
     * Reads one varint at the reader index of {@code in} and advances the reader index past it.
     * On failure the reader index is left unchanged, so a caller can wait for more bytes.
     *
     * @param in the source; its ownership does not change
     * @return the value, in 0..{@link #MAX}
     * @throws MoqMuxException of kind {@code TRUNCATED} if fewer bytes are readable than the
     *     length prefix announces (or none at all)
     */
    public static long read(ByteBuf in) {
        if (!in.isReadable()) {
            throw new MoqMuxException(MoqMuxException.Kind.TRUNCATED, "truncated varint: no bytes left");
        }
        int first = in.getUnsignedByte(in.readerIndex());
        int length = 1 << (first >>> 6);
        if (in.readableBytes() < length) {
            throw new MoqMuxException(MoqMuxException.Kind.TRUNCATED, "truncated varint: needs " + length
                    + " bytes, only " + in.readableBytes() + " left");
        }
        return switch (length) {
            case 1 -> in.readUnsignedByte();
            case 2 -> in.readUnsignedShort() & 0x3FFF;
            case 4 -> in.readUnsignedInt() & 0x3FFF_FFFFL;
            default -> in.readLong() & MAX;
        };
    }
}
