package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Mp4Parser;
import io.github.moqmux.mp4.Tfhd;
import io.github.moqmux.mp4.Trun;
import io.netty.buffer.ByteBuf;

/**
 * Reads a {@code moof} in one pass straight into a {@link FlatMoof}, without the typed box objects
 * of {@link Mp4Parser#parseMoof(ByteBuf, long, long)}: one fragment per sample would otherwise
 * allocate a dozen objects per sample. It accepts and rejects exactly what the typed parser does,
 * with the same error kind at the same offset (the differential test {@code FlatMoofReaderTest}
 * holds the two together): children are walked by their sizes, unknown ones skipped, the first
 * {@code mfhd}, {@code tfhd} and {@code tfdt} win, every field is bounds-checked against its box.
 *
 * <p>The box is read with absolute getters only; its indexes and reference count are left alone.
 * The reader keeps its cursor in fields, so it is reused rather than allocated; not thread-safe.
 */
final class FlatMoofReader {
    /** Buffer index of the next child of the container being walked. */
    private int cursor;
    /** The current child: type, header size, first byte and end (buffer indexes). */
    private int childType;
    private int childHeader;
    private int childStart;
    private int childEnd;
    /** The box whose fields are being read: buffer, absolute offset of index 0, read position, end, type. */
    private ByteBuf buf;
    /** The box's backing array and the array index of buffer index 0, or null for a direct buffer. */
    private byte[] array;
    private int arrayOffset;
    private long delta;
    private int pos;
    private int end;
    private int type;

    /**
     * Reads a complete moof into {@code into}, refusing one whose runs declare more than
     * {@code maxSamples} samples in total, as {@link Mp4Parser#parseMoof(ByteBuf, long, long)}.
     *
     * @return {@code into}, refilled
     */
    FlatMoof read(ByteBuf box, long offset, long maxSamples, FlatMoof into) {
        return read(box, box.readerIndex(), box.readableBytes(), offset, maxSamples, into);
    }

    /**
     * Reads the complete moof at {@code box}[{@code index}, {@code index + readable}) into
     * {@code into}, without a slice of it (the importer's hot path); {@code box}'s indexes are
     * not changed.
     *
     * @return {@code into}, refilled
     */
    FlatMoof read(ByteBuf box, int index, int readable, long offset, long maxSamples, FlatMoof into) {
        into.clear(offset);
        int headerSize;
        long boxSize;
        int boxType;
        long size32 = readable >= 8 ? box.getUnsignedInt(index) : 0;
        boxType = readable >= 8 ? box.getInt(index + 4) : 0;
        if (readable >= 8 && size32 >= 8 && boxType != FourCC.UUID) {
            headerSize = 8;
            boxSize = size32;
        } else {
            // Rare shapes (64-bit size, size 0, uuid, too small): the shared header reader decides.
            // Sliced so the header reader sees only the moof's bytes, as the caller bounded them.
            BoxHeader h = BoxHeaderReader.read(box.slice(index, readable), 0, offset);
            if (h == null) {
                throw new MoqMuxException(Kind.TRUNCATED, offset, "incomplete box header (" + readable + " bytes)");
            }
            boxType = h.type();
            headerSize = h.headerSize();
            boxSize = h.extendsToEnd() ? readable : h.size();
        }
        if (boxType != FourCC.MOOF) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, offset, "expected 'moof' but found '"
                + FourCC.toString(boxType) + "'");
        }
        if (boxSize > readable) {
            throw new MoqMuxException(Kind.TRUNCATED, offset, "'moof' box of " + boxSize + " bytes but only "
                + readable + " were given");
        }
        buf = box;
        array = box.hasArray() ? box.array() : null;
        arrayOffset = array != null ? box.arrayOffset() : 0;
        delta = offset - index;
        int moofEnd = index + (int) boxSize;
        long samples = 0;
        boolean sawMfhd = false;
        cursor = index + headerSize;
        while (nextChild(moofEnd, FourCC.MOOF)) {
            int t = childType;
            if (t == FourCC.MFHD && !sawMfhd) {
                enter(FourCC.MFHD);
                i32("version and flags");
                into.sequenceNumber = Integer.toUnsignedLong(i32("sequence_number"));
                sawMfhd = true;
            } else if (t == FourCC.TRAF) {
                int next = cursor;
                samples += readTraf(into);
                cursor = next;
                if (samples > maxSamples) {
                    throw new MoqMuxException(Kind.LIMIT_EXCEEDED, offset, "'moof' declares more than " + maxSamples
                        + " samples");
                }
            }
        }
        into.size = boxSize;
        buf = null;
        array = null;
        return into;
    }

    /** Reads the current child, a traf; @return the samples its runs declare */
    private long readTraf(FlatMoof into) {
        long trafOffset = childStart + delta;
        int trafEnd = childEnd;
        int t = into.addTraf(trafOffset);
        boolean sawTfhd = false;
        boolean sawTfdt = false;
        long samples = 0;
        cursor = childStart + childHeader;
        while (nextChild(trafEnd, FourCC.TRAF)) {
            int c = childType;
            if (c == FourCC.TFHD && !sawTfhd) {
                into.tfhdOffset[t] = childStart + delta;
                readTfhd(into, t);
                sawTfhd = true;
            } else if (c == FourCC.TFDT && !sawTfdt) {
                readTfdt(into, t);
                sawTfdt = true;
            } else if (c == FourCC.TRUN) {
                long trunOffset = childStart + delta;
                samples += readTrun(into);
                into.runOffset[into.runTotal - 1] = trunOffset;
            }
        }
        if (!sawTfhd) {
            throw new MoqMuxException(Kind.MISSING_BOX, trafOffset, "'traf' has no 'tfhd'");
        }
        return samples;
    }

    private void readTfhd(FlatMoof into, int t) {
        enter(FourCC.TFHD);
        int flags = i32("version and flags") & 0xFFFFFF;
        into.tfhdFlags[t] = flags;
        into.trackId[t] = Integer.toUnsignedLong(i32("track_ID"));
        if ((flags & Tfhd.BASE_DATA_OFFSET_PRESENT) != 0) {
            int at = pos;
            long base = i64("base_data_offset");
            if (base < 0) {
                throw new MoqMuxException(Kind.MALFORMED, at + delta, "'tfhd': base_data_offset above 2^63-1");
            }
            into.baseDataOffset[t] = base;
        }
        if ((flags & Tfhd.SAMPLE_DESCRIPTION_INDEX_PRESENT) != 0) {
            i32("sample_description_index");
        }
        if ((flags & Tfhd.DEFAULT_SAMPLE_DURATION_PRESENT) != 0) {
            into.defaultDuration[t] = Integer.toUnsignedLong(i32("default_sample_duration"));
        }
        if ((flags & Tfhd.DEFAULT_SAMPLE_SIZE_PRESENT) != 0) {
            into.defaultSize[t] = Integer.toUnsignedLong(i32("default_sample_size"));
        }
        if ((flags & Tfhd.DEFAULT_SAMPLE_FLAGS_PRESENT) != 0) {
            into.defaultFlags[t] = i32("default_sample_flags");
        }
    }

    private void readTfdt(FlatMoof into, int t) {
        enter(FourCC.TFDT);
        int payloadStart = pos;
        int version = i32("version and flags") >>> 24;
        if (version > 1) {
            throw unsupportedVersion(payloadStart, version);
        }
        long time;
        if (version == 0) {
            time = Integer.toUnsignedLong(i32("base_media_decode_time"));
        } else {
            int at = pos;
            time = i64("base_media_decode_time");
            if (time < 0) {
                throw new MoqMuxException(Kind.BAD_TIMESTAMP, at + delta, "'tfdt': base_media_decode_time above 2^63-1");
            }
        }
        into.hasTfdt[t] = true;
        into.baseDecodeTime[t] = time;
    }

    /** @return the run's sample count */
    private int readTrun(FlatMoof into) {
        enter(FourCC.TRUN);
        int payloadStart = pos;
        int vf = i32("version and flags");
        int version = vf >>> 24;
        if (version > 1) {
            throw unsupportedVersion(payloadStart, version);
        }
        int flags = vf & 0xFFFFFF;
        int countAt = pos;
        long count = Integer.toUnsignedLong(i32("sample_count"));
        if (count > Integer.MAX_VALUE) {
            throw new MoqMuxException(Kind.MALFORMED, countAt + delta, "'trun': sample_count " + count
                + " is above 2^31-1");
        }
        int dataOffset = (flags & Trun.DATA_OFFSET_PRESENT) != 0 ? i32("data_offset") : 0;
        int firstFlags = (flags & Trun.FIRST_SAMPLE_FLAGS_PRESENT) != 0 ? i32("first_sample_flags") : 0;
        int stride = FlatMoof.stride(flags);
        long entryBytes = count * 4 * stride;
        // Checked before reserving room: a hostile count must fail here, not in the allocator.
        if (entryBytes > end - pos) {
            throw new MoqMuxException(Kind.MALFORMED, countAt + delta, "'trun': sample_count " + count + " needs "
                + entryBytes + " bytes of entries but only " + (end - pos) + " remain");
        }
        int n = (int) count;
        into.addRun(version, flags, n, dataOffset, firstFlags);
        int words = n * stride;
        int at = into.reserve(words);
        int[] entries = into.entries;
        int p = pos;
        for (int i = 0; i < words; i++) {
            entries[at + i] = int32(p);
            p += 4;
        }
        pos = p;
        return n;
    }

    /**
     * Advances to the next child of the container ending at {@code parentEnd}, as the typed
     * parser's child iterator: each child must fit in what is left of its parent, size 0 extends
     * to the parent's end, fewer than 8 trailing bytes are tolerated only as zero padding.
     *
     * @return false when the container is exhausted
     */
    private boolean nextChild(int parentEnd, int parentType) {
        int next = cursor;
        if (next >= parentEnd) {
            return false;
        }
        int available = parentEnd - next;
        long abs = next + delta;
        if (available < 8) {
            for (int i = next; i < parentEnd; i++) {
                if (buf.getByte(i) != 0) {
                    throw new MoqMuxException(Kind.MALFORMED, abs, "'" + FourCC.toString(parentType) + "' ends with "
                        + available + " bytes that are too short for a child box header");
                }
            }
            cursor = parentEnd;
            return false;
        }
        long size;
        long size32 = Integer.toUnsignedLong(int32(next));
        int boxType = int32(next + 4);
        if (size32 >= 8 && boxType != FourCC.UUID) {
            childType = boxType;
            childHeader = 8;
            size = size32;
        } else {
            size = rareChildHeader(next, available, abs, boxType, size32, parentType);
        }
        if (size > available) {
            throw new MoqMuxException(Kind.MALFORMED, abs, "child box '" + FourCC.toString(childType) + "' of size "
                + size + " exceeds its parent '" + FourCC.toString(parentType) + "' (" + available + " bytes left)");
        }
        childStart = next;
        childEnd = next + (int) size;
        cursor = childEnd;
        return true;
    }

    /**
     * A child header with a 64-bit size, size 0, a uuid or a size too small for a header, read
     * within its parent's bounds as {@link BoxHeaderReader} reads one; sets the type and header
     * size. @return the child's size
     */
    private long rareChildHeader(int next, int available, long abs, int boxType, long size32, int parentType) {
        int extra = boxType == FourCC.UUID ? 16 : 0;
        int headerSize;
        long size;
        if (size32 == 1) {
            headerSize = 16 + extra;
            if (available < 16) {
                throw pastParent(abs, boxType, parentType);
            }
            long large = buf.getLong(next + 8);
            if (large < 0) {
                throw new MoqMuxException(Kind.MALFORMED, abs, "box '" + FourCC.toString(boxType)
                    + "' has a 64-bit size above 2^63-1");
            }
            if (large < headerSize) {
                throw tooSmall(boxType, large, headerSize, abs);
            }
            size = large;
        } else {
            headerSize = 8 + extra;
            if (size32 != 0 && size32 < headerSize) {
                throw tooSmall(boxType, size32, headerSize, abs);
            }
            size = size32 == 0 ? available : size32;
        }
        if (available < headerSize) {
            throw pastParent(abs, boxType, parentType);
        }
        childType = boxType;
        childHeader = headerSize;
        return size;
    }

    private static MoqMuxException pastParent(long abs, int boxType, int parentType) {
        return new MoqMuxException(Kind.MALFORMED, abs, "header of child box '" + FourCC.toString(boxType)
            + "' runs past the end of its parent '" + FourCC.toString(parentType) + "'");
    }

    private static MoqMuxException tooSmall(int boxType, long size, int headerSize, long abs) {
        return new MoqMuxException(Kind.MALFORMED, abs, "box '" + FourCC.toString(boxType) + "' declares size " + size
            + ", smaller than its " + headerSize + "-byte header");
    }

    private MoqMuxException unsupportedVersion(int payloadStart, int version) {
        return new MoqMuxException(Kind.UNSUPPORTED, payloadStart + delta, "'" + FourCC.toString(type) + "' version "
            + version + " is not supported");
    }

    /** Starts reading the fields of the current child. */
    private void enter(int boxType) {
        pos = childStart + childHeader;
        end = childEnd;
        type = boxType;
    }

    private int i32(String field) {
        if (end - pos < 4) {
            throw truncated(field, 4);
        }
        int v = int32(pos);
        pos += 4;
        return v;
    }

    private long i64(String field) {
        if (end - pos < 8) {
            throw truncated(field, 8);
        }
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    /**
     * A big-endian int at a buffer index the caller has checked against its box: straight from
     * the backing array when there is one, which skips the buffer's per-read accessibility
     * checks through every layer of slices.
     */
    private int int32(int index) {
        byte[] a = array;
        if (a == null) {
            return buf.getInt(index);
        }
        int i = arrayOffset + index;
        return (a[i] << 24) | ((a[i + 1] & 0xFF) << 16) | ((a[i + 2] & 0xFF) << 8) | (a[i + 3] & 0xFF);
    }

    private MoqMuxException truncated(String field, int n) {
        return new MoqMuxException(Kind.TRUNCATED, pos + delta, "'" + FourCC.toString(type) + "': " + field + " needs "
            + n + " bytes but only " + (end - pos) + " remain");
    }
}
