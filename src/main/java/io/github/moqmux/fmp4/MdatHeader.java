package io.github.moqmux.fmp4;

import io.github.moqmux.mp4.BoxHeader;

/**
 * The header of the {@code mdat} being published: the fields of a {@link BoxHeader}, in one
 * mutable instance per importer that is refilled for every {@code mdat}. With one sample per
 * fragment a new record per {@code mdat} was a fifth of the allocation per sample (issue 13);
 * at most one {@code mdat} is open at a time, and nothing keeps the instance past its {@code mdat}
 * (errors copy the numbers they report).
 */
final class MdatHeader {
    private long offset;
    private int headerSize;
    private long size;

    /**
     * Refills this header.
     *
     * @param offset     absolute stream offset of the box's first byte
     * @param headerSize 8, or 16 with a 64-bit size
     * @param size       total size including the header, or -1 when the box extends to the end
     * @return this
     */
    MdatHeader set(long offset, int headerSize, long size) {
        this.offset = offset;
        this.headerSize = headerSize;
        this.size = size;
        return this;
    }

    /** @return absolute stream offset of the box's first byte */
    long offset() {
        return offset;
    }

    /** @return 8, or 16 with a 64-bit size */
    int headerSize() {
        return headerSize;
    }

    /** @return total size including the header, or -1 when the box extends to the end */
    long size() {
        return size;
    }

    /** @return absolute stream offset of the first payload byte */
    long payloadOffset() {
        return offset + headerSize;
    }

    /** @return the payload size (size minus header), or -1 when the box extends to the end */
    long payloadSize() {
        return size < 0 ? -1 : size - headerSize;
    }

    /** @return whether the box extends to the end of the stream */
    boolean extendsToEnd() {
        return size < 0;
    }

    /** @return absolute offset just past the box as {@link BoxHeader#end()}, or -1 when it extends to the end */
    long end() {
        return size < 0 ? -1 : size > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + size;
    }

    @Override
    public String toString() {
        return "mdat@" + offset + "+" + (size < 0 ? "?" : Long.toString(size));
    }
}
