package io.github.moqmux.net.wire;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Primitive encodings shared by every moq-lite version: QUIC variable-length integers (RFC 9000
 * §16), length-prefixed UTF-8 strings, and the optional group numbers (0 = none, else value + 1).
 *
 * <p>Readers follow Netty's reader-index convention: a {@code read…} method consumes what it
 * decodes and throws {@link MoqMuxException} of kind {@code PROTOCOL} when the buffer ends early
 * (callers hand them a complete message body); {@link #peekVarint} looks ahead without consuming,
 * for incremental parsing of bytes still arriving.
 */
public final class Wire {
    /** The largest value a varint holds: 2^62 - 1. */
    public static final long MAX_VARINT = (1L << 62) - 1;
    /** Returned by {@link #peekVarint} when the buffer does not hold the whole varint yet. */
    public static final long INCOMPLETE = -1;

    private Wire() {
    }

    /**
     * @param v a value in [0, 2^62)
     * @return how many bytes its varint takes: 1, 2, 4 or 8
     */
    public static int varintSize(long v) {
        if (v < 0 || v > MAX_VARINT) {
            throw new IllegalArgumentException("varint out of range: " + v);
        }
        if (v < 0x40) {
            return 1;
        }
        if (v < 0x4000) {
            return 2;
        }
        if (v < 0x4000_0000L) {
            return 4;
        }
        return 8;
    }

    /**
     * Writes a varint in its shortest form.
     *
     * @param out where to write
     * @param v   a value in [0, 2^62)
     */
    public static void writeVarint(ByteBuf out, long v) {
        switch (varintSize(v)) {
            case 1 -> out.writeByte((int) v);
            case 2 -> out.writeShort((int) (0x4000 | v));
            case 4 -> out.writeInt((int) (0x8000_0000L | v));
            default -> out.writeLong(0xC000_0000_0000_0000L | v);
        }
    }

    /**
     * Reads the varint at {@code index} without moving the reader index.
     *
     * @param in    the buffer
     * @param index where the varint starts (absolute index)
     * @return the value, or {@link #INCOMPLETE} when fewer bytes than it needs are readable
     */
    public static long peekVarint(ByteBuf in, int index) {
        if (index >= in.writerIndex()) {
            return INCOMPLETE;
        }
        int first = in.getUnsignedByte(index);
        int len = 1 << (first >> 6);
        if (in.writerIndex() - index < len) {
            return INCOMPLETE;
        }
        return switch (len) {
            case 1 -> first;
            case 2 -> in.getUnsignedShort(index) & 0x3FFF;
            case 4 -> in.getUnsignedInt(index) & 0x3FFF_FFFFL;
            default -> in.getLong(index) & 0x3FFF_FFFF_FFFF_FFFFL;
        };
    }

    /**
     * @param in     the buffer
     * @param index  where a varint starts
     * @return the number of bytes the varint starting there takes (from its first byte)
     */
    public static int varintLength(ByteBuf in, int index) {
        return 1 << (in.getUnsignedByte(index) >> 6);
    }

    /**
     * Reads a varint, consuming it.
     *
     * @param in the buffer
     * @return the value
     * @throws MoqMuxException of kind {@code PROTOCOL} if the buffer ends inside it
     */
    public static long readVarint(ByteBuf in) {
        long v = peekVarint(in, in.readerIndex());
        if (v == INCOMPLETE) {
            throw malformed("message ends inside a varint");
        }
        in.skipBytes(varintLength(in, in.readerIndex()));
        return v;
    }

    /**
     * Reads a varint that must fit an {@code int} index or count no larger than {@code max}.
     *
     * @param in   the buffer
     * @param max  the largest accepted value
     * @param what what the value is, for the error message
     * @return the value
     */
    public static int readBounded(ByteBuf in, int max, String what) {
        long v = readVarint(in);
        if (v > max) {
            throw malformed(what + " " + v + " exceeds the limit " + max);
        }
        return (int) v;
    }

    /**
     * Reads a varint byte count that must fit in what remains of {@code in} after the varint itself,
     * so that the caller can read that many bytes at once.
     *
     * @param in   the buffer (a message body)
     * @param what what the bytes are, for the error message
     * @return the count
     */
    public static int readLength(ByteBuf in, String what) {
        long v = readVarint(in);
        if (v > in.readableBytes()) {
            throw malformed(what + " " + v + " but " + in.readableBytes() + " bytes remain");
        }
        return (int) v;
    }

    /**
     * Reads one byte.
     *
     * @param in the buffer
     * @return the byte, 0..255
     */
    public static int readU8(ByteBuf in) {
        if (!in.isReadable()) {
            throw malformed("message ends before a byte field");
        }
        return in.readUnsignedByte();
    }

    /**
     * Reads a boolean byte, which must be 0 or 1.
     *
     * @param in the buffer
     * @return the value
     */
    public static boolean readBool(ByteBuf in) {
        int b = readU8(in);
        if (b > 1) {
            throw malformed("boolean byte " + b);
        }
        return b == 1;
    }

    /**
     * Reads a string: a varint length, then that many bytes of UTF-8.
     *
     * @param in the buffer
     * @return the string
     */
    public static String readString(ByteBuf in) {
        long len = readVarint(in);
        if (len > in.readableBytes()) {
            throw malformed("string of " + len + " bytes but " + in.readableBytes() + " remain");
        }
        String s = in.toString(in.readerIndex(), (int) len, StandardCharsets.UTF_8);
        in.skipBytes((int) len);
        return s;
    }

    /**
     * Writes a string: its UTF-8 length as a varint, then the bytes.
     *
     * @param out where to write
     * @param s   the string
     */
    public static void writeString(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    /**
     * Reads an optional group number: 0 = none, else the value + 1.
     *
     * @param in the buffer
     * @return the group, or {@code -1} for none
     */
    public static long readOptional(ByteBuf in) {
        return readVarint(in) - 1;
    }

    /**
     * Writes an optional group number.
     *
     * @param out   where to write
     * @param value the group, or a negative value for none
     */
    public static void writeOptional(ByteBuf out, long value) {
        writeVarint(out, value < 0 ? 0 : value + 1);
    }

    /**
     * Zigzag-encodes a signed value (0, -1, 1, -2 → 0, 1, 2, 3).
     *
     * @param v the value
     * @return its zigzag form
     */
    public static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /**
     * Decodes a zigzag value.
     *
     * @param v the zigzag form
     * @return the signed value
     */
    public static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /**
     * @param detail what is wrong
     * @return a protocol exception for malformed input
     */
    public static MoqMuxException malformed(String detail) {
        return new MoqMuxException(MoqMuxException.Kind.PROTOCOL, detail);
    }
}
