package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;

/**
 * Walks the child boxes of a container by their sizes. Each child must fit inside what is left
 * of its parent; a child with size 0 extends to the end of its parent.
 */
final class ChildIter {
    private final Span parent;
    private int next;
    /** The current child's type, header size and absolute offset (no object per child). */
    private int type;
    private int headerSize;
    private long offset;
    /** Buffer index of the current child's first header byte. */
    int boxStart;
    /** Buffer index just past the current child. */
    int boxEnd;

    ChildIter(Span parent) {
        this.parent = parent;
        this.next = parent.pos;
    }

    /** Advances to the next child; false when the parent is exhausted. */
    boolean next() {
        int end = parent.end;
        if (next >= end) {
            return false;
        }
        int available = end - next;
        long abs = parent.abs(next);
        if (available < 8) {
            // QuickTime writers end some containers with a 4-byte zero terminator; tolerate
            // zero padding that cannot be a box, reject anything else.
            for (int i = next; i < end; i++) {
                if (parent.buf.getByte(i) != 0) {
                    throw new MoqMuxException(Kind.MALFORMED, abs, "'" + FourCC.toString(parent.type) + "' ends with "
                            + available + " bytes that are too short for a child box header");
                }
            }
            next = end;
            return false;
        }
        long size;
        long size32 = parent.buf.getUnsignedInt(next);
        int boxType = parent.buf.getInt(next + 4);
        if (size32 >= 8 && boxType != FourCC.UUID) {
            // The common case, read in place: a 32-bit size and an 8-byte header.
            type = boxType;
            headerSize = 8;
            size = size32;
        } else {
            BoxHeader h = BoxHeaderReader.read(parent.buf, next, end, abs);
            if (h == null) {
                throw new MoqMuxException(Kind.MALFORMED, abs, "header of child box '"
                        + FourCC.toString(boxType) + "' runs past the end of its parent '"
                        + FourCC.toString(parent.type) + "'");
            }
            type = h.type();
            headerSize = h.headerSize();
            size = h.extendsToEnd() ? available : h.size();
        }
        if (size > available) {
            throw new MoqMuxException(Kind.MALFORMED, abs, "child box '" + FourCC.toString(type) + "' of size "
                    + size + " exceeds its parent '" + FourCC.toString(parent.type) + "' (" + available
                    + " bytes left)");
        }
        offset = abs;
        boxStart = next;
        boxEnd = next + (int) size;
        next = boxEnd;
        return true;
    }

    /** @return the current child's type */
    int type() {
        return type;
    }

    /** @return the current child's header size (8, 16, 24 or 32 bytes) */
    int headerSize() {
        return headerSize;
    }

    /** @return the absolute stream offset of the current child's first byte */
    long offset() {
        return offset;
    }

    /** @return a reader over the current child's payload */
    Span payload() {
        return new Span(parent.buf, parent.delta, boxStart + headerSize, boxEnd, type,
                parent.depth + 1);
    }
}
