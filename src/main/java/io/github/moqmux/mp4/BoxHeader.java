package io.github.moqmux.mp4;

/**
 * The header of one box.
 *
 * @param type       the box type, see {@link FourCC}
 * @param offset     absolute stream offset of the box's first byte
 * @param headerSize 8, or 16 with a 64-bit largesize; 16 more for {@code uuid} boxes
 * @param size       total size including the header, or -1 when the box extends to the end of
 *                   the stream (size field 0)
 */
public record BoxHeader(int type, long offset, int headerSize, long size) {
    /** @return absolute stream offset of the first payload byte */
    public long payloadOffset() {
        return offset + headerSize;
    }

    /**
     * @return absolute stream offset just past the box, or -1 when it extends to the end; a
     *     64-bit size that would overflow the offset gives {@link Long#MAX_VALUE} (no stream is
     *     that long, so such a box ends with the input)
     */
    public long end() {
        return size < 0 ? -1 : size > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + size;
    }

    /** @return whether the size field was 0: the box extends to the end of the stream */
    public boolean extendsToEnd() {
        return size < 0;
    }

    /** @return the payload size in bytes (size minus header), or -1 when it extends to the end */
    public long payloadSize() {
        return size < 0 ? -1 : size - headerSize;
    }

    /** @return e.g. {@code moov@1234+5678} */
    @Override
    public String toString() {
        return FourCC.toString(type) + "@" + offset + "+" + (size < 0 ? "?" : Long.toString(size));
    }
}
