package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.netty.buffer.ByteBuf;

/**
 * A bounds-checked sequential reader over the payload of one box (or one descriptor inside it).
 * Every read checks against {@link #end}, never against the buffer's capacity, so a field that
 * runs past its box fails with our exception and the field's absolute offset instead of reading
 * the next box's bytes.
 */
final class Span {
    /** Boxes nested deeper than this are rejected; real files stay well below 16 levels. */
    static final int MAX_DEPTH = 32;

    final ByteBuf buf;
    /** Absolute stream offset of buffer index 0. */
    final long delta;
    final int start;
    final int end;
    /** Box type, for messages. */
    final int type;
    final int depth;
    int pos;

    Span(ByteBuf buf, long delta, int start, int end, int type, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MoqMuxException(Kind.MALFORMED, start + delta,
                    "boxes nested deeper than " + MAX_DEPTH + " levels");
        }
        this.buf = buf;
        this.delta = delta;
        this.start = start;
        this.end = end;
        this.type = type;
        this.depth = depth;
        this.pos = start;
    }

    /** A span over the next {@code n} bytes, which are consumed from this one. */
    Span sub(int n, String what) {
        need(n, what);
        Span s = new Span(buf, delta, pos, pos + n, type, depth + 1);
        pos += n;
        return s;
    }

    long abs(int index) {
        return index + delta;
    }

    long absPos() {
        return pos + delta;
    }

    int remaining() {
        return end - pos;
    }

    void need(long n, String field) {
        if (n > end - pos) {
            throw truncated(field, n);
        }
    }

    MoqMuxException truncated(String field, long n) {
        return new MoqMuxException(Kind.TRUNCATED, absPos(), "'" + FourCC.toString(type) + "': " + field + " needs "
                + n + " bytes but only " + remaining() + " remain");
    }

    MoqMuxException malformed(String detail) {
        return new MoqMuxException(Kind.MALFORMED, absPos(), "'" + FourCC.toString(type) + "': " + detail);
    }

    MoqMuxException malformedAt(int index, String detail) {
        return new MoqMuxException(Kind.MALFORMED, abs(index), "'" + FourCC.toString(type) + "': " + detail);
    }

    MoqMuxException unsupported(String detail) {
        return new MoqMuxException(Kind.UNSUPPORTED, absPos(), "'" + FourCC.toString(type) + "': " + detail);
    }

    int u8(String field) {
        need(1, field);
        return buf.getUnsignedByte(pos++);
    }

    int u16(String field) {
        need(2, field);
        int v = buf.getUnsignedShort(pos);
        pos += 2;
        return v;
    }

    int u24(String field) {
        need(3, field);
        int v = buf.getUnsignedMedium(pos);
        pos += 3;
        return v;
    }

    /** The raw 32 bits; for fields that are flags or signed. */
    int i32(String field) {
        need(4, field);
        int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    long u32(String field) {
        return Integer.toUnsignedLong(i32(field));
    }

    /** The raw 64 bits; callers decide what a value above 2^63-1 means. */
    long i64(String field) {
        need(8, field);
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    void skip(int n, String field) {
        need(n, field);
        pos += n;
    }

    byte[] bytes(int n, String field) {
        need(n, field);
        byte[] b = new byte[n];
        buf.getBytes(pos, b);
        pos += n;
        return b;
    }

    /** The rest of the span, consumed. */
    byte[] rest() {
        return bytes(remaining(), "rest");
    }

    /** All bytes of the span from its start, regardless of the read position. */
    byte[] all() {
        byte[] b = new byte[end - start];
        buf.getBytes(start, b);
        return b;
    }

    /** Reads the 4-byte version-and-flags word of a full box; returns it whole. */
    int fullBoxHeader() {
        return i32("version and flags");
    }

    /** Iterates the child boxes in the unread part of this span. */
    ChildIter children() {
        return new ChildIter(this);
    }
}
