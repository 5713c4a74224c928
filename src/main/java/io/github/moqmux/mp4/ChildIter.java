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
    /** Header of the current child, with a size resolved even when its size field was 0. */
    BoxHeader header;
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
        BoxHeader h = BoxHeaderReader.read(parent.buf, next, end, abs);
        if (h == null) {
            throw new MoqMuxException(Kind.MALFORMED, abs, "header of child box '"
                    + FourCC.toString(parent.buf.getInt(next + 4)) + "' runs past the end of its parent '"
                    + FourCC.toString(parent.type) + "'");
        }
        long size = h.extendsToEnd() ? available : h.size();
        if (size > available) {
            throw new MoqMuxException(Kind.MALFORMED, abs, "child box '" + FourCC.toString(h.type()) + "' of size "
                    + size + " exceeds its parent '" + FourCC.toString(parent.type) + "' (" + available
                    + " bytes left)");
        }
        header = h.extendsToEnd() ? new BoxHeader(h.type(), abs, h.headerSize(), size) : h;
        boxStart = next;
        boxEnd = next + (int) size;
        next = boxEnd;
        return true;
    }

    /** @return the current child's type */
    int type() {
        return header.type();
    }

    /** @return a reader over the current child's payload */
    Span payload() {
        return new Span(parent.buf, parent.delta, boxStart + header.headerSize(), boxEnd, header.type(),
                parent.depth + 1);
    }
}
