package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;

/**
 * Reads box headers from possibly incomplete input (ISO/IEC 14496-12 §4.2).
 *
 * <pre>{@code
 * // Walk the complete top-level boxes of `buf`, whose first readable byte is stream offset `position`.
 * BoxHeader header;
 * while ((header = BoxHeaderReader.read(buf, buf.readerIndex(), position)) != null
 *         && !header.extendsToEnd() && buf.readableBytes() >= header.size()) {
 *     ByteBuf box = buf.readSlice((int) header.size());
 *     if (header.type() == FourCC.MOOV) {
 *         Moov moov = Mp4Parser.parseMoov(box, position);
 *     }
 *     position += header.size();
 * }
 * }</pre>
 */
public final class BoxHeaderReader {
    private BoxHeaderReader() {
    }

    /**
     * Reads a box header.
     *
     * <p>Sizes that can never be valid are rejected as soon as the bytes that carry them are
     * readable, even when the rest of the header has not arrived yet, so a broken stream fails
     * early instead of waiting for input that cannot help.
     *
     * @param buf            the input; only bytes below its writer index are read, its indexes
     *                       are not changed
     * @param index          buffer index of the header's first byte
     * @param absoluteOffset absolute stream offset of that byte
     * @return the header, or {@code null} if fewer bytes than the full header are readable (the
     *     caller waits for more input)
     * @throws MoqMuxException {@code MALFORMED} at {@code absoluteOffset} if the size is smaller
     *     than the header (except 0, "to the end of the stream") or the 64-bit size exceeds
     *     {@link Long#MAX_VALUE}
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public static BoxHeader read(ByteBuf buf, int index, long absoluteOffset) {
        return read(buf, index, buf.writerIndex(), absoluteOffset);
    }

    /** Same as {@link #read(ByteBuf, int, long)} but reads no byte at or after {@code limit}. */
    static BoxHeader read(ByteBuf buf, int index, int limit, long absoluteOffset) {
        if (index < 0) {
            throw new IllegalArgumentException("negative index " + index);
        }
        int available = limit - index;
        if (available < 8) {
            return null;
        }
        long size32 = buf.getUnsignedInt(index);
        int type = buf.getInt(index + 4);
        boolean uuid = type == FourCC.UUID;
        int extra = uuid ? 16 : 0;
        if (size32 == 1) {
            if (available < 16) {
                return null;
            }
            long large = buf.getLong(index + 8);
            int headerSize = 16 + extra;
            if (large < 0) {
                throw new MoqMuxException(MoqMuxException.Kind.MALFORMED, absoluteOffset,
                        "box '" + FourCC.toString(type) + "' has a 64-bit size above 2^63-1");
            }
            if (large < headerSize) {
                throw tooSmall(type, large, headerSize, absoluteOffset);
            }
            return available < headerSize ? null : new BoxHeader(type, absoluteOffset, headerSize, large);
        }
        int headerSize = 8 + extra;
        if (size32 == 0) {
            return available < headerSize ? null : new BoxHeader(type, absoluteOffset, headerSize, -1);
        }
        if (size32 < headerSize) {
            throw tooSmall(type, size32, headerSize, absoluteOffset);
        }
        return available < headerSize ? null : new BoxHeader(type, absoluteOffset, headerSize, size32);
    }

    private static MoqMuxException tooSmall(int type, long size, int headerSize, long offset) {
        return new MoqMuxException(MoqMuxException.Kind.MALFORMED, offset,
                "box '" + FourCC.toString(type) + "' declares size " + size
                        + ", smaller than its " + headerSize + "-byte header");
    }
}
