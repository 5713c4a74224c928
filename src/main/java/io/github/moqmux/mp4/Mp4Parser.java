package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses complete top-level boxes into immutable typed values (ISO/IEC 14496-12).
 *
 * <p>Children of containers are walked by their sizes: unknown children are skipped, the first
 * occurrence of a box that should be unique wins. Every structural problem throws
 * {@link MoqMuxException} carrying the absolute stream offset of the offending box or field:
 * {@code MALFORMED} for inconsistent sizes and counts (a child larger than its parent, a sample
 * count that cannot fit), {@code TRUNCATED} for a field that runs past the end of its box,
 * {@code MISSING_BOX} for a required child that is absent and {@code UNSUPPORTED} for box versions
 * this parser does not know.
 *
 * <p>The buffer is read with absolute getters only; its indexes and reference count are left
 * alone, and the returned values do not refer to it.
 */
public final class Mp4Parser {
    private Mp4Parser() {
    }

    /**
     * Parses a complete movie box.
     *
     * @param box    holds the whole {@code moov} box, header included, from its reader index
     *               (bytes after the box are ignored)
     * @param offset absolute stream offset of the box's first byte
     * @return the parsed movie
     * @throws MoqMuxException if the box is not a {@code moov}, is incomplete or malformed, or
     *     lacks a required child ({@code mvhd}; in each track {@code tkhd}, {@code mdia},
     *     {@code mdhd}, {@code hdlr}, {@code minf}, {@code stbl}, {@code stsd})
     */
    public static Moov parseMoov(ByteBuf box, long offset) {
        return parseMoov(box, offset, Integer.MAX_VALUE);
    }

    /**
     * Parses a complete movie box, refusing more than {@code maxTracks} tracks before parsing
     * (and copying) any track beyond the limit.
     *
     * @param box       holds the whole {@code moov} box, header included, from its reader index
     * @param offset    absolute stream offset of the box's first byte
     * @param maxTracks the most {@code trak} children accepted
     * @return the parsed movie
     * @throws MoqMuxException {@code LIMIT_EXCEEDED} at {@code offset} for more tracks, else as
     *     {@link #parseMoov(ByteBuf, long)}
     */
    public static Moov parseMoov(ByteBuf box, long offset, int maxTracks) {
        Span moov = top(box, offset, FourCC.MOOV, FourCC.MOOV);
        Mvhd mvhd = null;
        List<Trak> traks = new ArrayList<>();
        Mvex mvex = null;
        ChildIter it = moov.children();
        while (it.next()) {
            int t = it.type();
            if (t == FourCC.MVHD && mvhd == null) {
                mvhd = parseMvhd(it);
            } else if (t == FourCC.TRAK) {
                if (traks.size() == maxTracks) {
                    throw new MoqMuxException(Kind.LIMIT_EXCEEDED, offset, "'moov' declares more than " + maxTracks
                            + " tracks");
                }
                traks.add(parseTrak(it));
            } else if (t == FourCC.MVEX && mvex == null) {
                mvex = parseMvex(it.payload());
            }
        }
        if (mvhd == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, offset, "'moov' has no 'mvhd'");
        }
        return new Moov(mvhd, traks, mvex);
    }

    /**
     * Parses a complete movie fragment box.
     *
     * @param box    holds the whole {@code moof} box, header included, from its reader index
     *               (bytes after the box are ignored)
     * @param offset absolute stream offset of the box's first byte
     * @return the parsed fragment; a missing {@code mfhd} gives sequence number 0
     * @throws MoqMuxException if the box is not a {@code moof}, is incomplete or malformed, or a
     *     {@code traf} lacks its {@code tfhd}
     */
    public static Moof parseMoof(ByteBuf box, long offset) {
        return parseMoof(box, offset, Long.MAX_VALUE);
    }

    /**
     * Parses a complete movie fragment box, refusing one whose runs declare more than
     * {@code maxSamples} samples in total, over all its {@code traf}s. A run without per-sample
     * fields takes no bytes per sample, so neither the box size nor a per-run or per-traf limit
     * bounds the work of resolving a fragment; this does.
     *
     * @param box        holds the whole {@code moof} box, header included, from its reader index
     * @param offset     absolute stream offset of the box's first byte
     * @param maxSamples the most samples accepted in the whole fragment
     * @return the parsed fragment
     * @throws MoqMuxException {@code LIMIT_EXCEEDED} at {@code offset} for more samples, else as
     *     {@link #parseMoof(ByteBuf, long)}
     */
    public static Moof parseMoof(ByteBuf box, long offset, long maxSamples) {
        Span moof = top(box, offset, FourCC.MOOF, FourCC.MOOF);
        long samples = 0;
        long sequence = 0;
        boolean sawMfhd = false;
        List<Traf> trafs = List.of();
        ChildIter it = moof.children();
        while (it.next()) {
            int t = it.type();
            if (t == FourCC.MFHD && !sawMfhd) {
                Span p = it.payload();
                p.fullBoxHeader();
                sequence = p.u32("sequence_number");
                sawMfhd = true;
            } else if (t == FourCC.TRAF) {
                Traf traf = parseTraf(it);
                for (Trun trun : traf.truns()) {
                    samples += trun.sampleCount();
                }
                if (samples > maxSamples) {
                    throw new MoqMuxException(Kind.LIMIT_EXCEEDED, offset, "'moof' declares more than " + maxSamples
                            + " samples");
                }
                trafs = append(trafs, traf);
            }
        }
        int headerSize = moof.start - box.readerIndex();
        return new Moof(offset, (long) headerSize + (moof.end - moof.start), sequence, trafs);
    }

    /**
     * Parses a complete file type box ({@code ftyp}) or segment type box ({@code styp}).
     *
     * @param box    holds the whole box, header included, from its reader index
     * @param offset absolute stream offset of the box's first byte
     * @return the parsed box, with a copy of its raw bytes
     * @throws MoqMuxException if the box is neither {@code ftyp} nor {@code styp}, is incomplete or
     *     is too short for its brands
     */
    public static Ftyp parseFtyp(ByteBuf box, long offset) {
        Span p = top(box, offset, FourCC.FTYP, FourCC.STYP);
        int major = p.i32("major_brand");
        long minor = p.u32("minor_version");
        List<Integer> brands = new ArrayList<>(p.remaining() / 4);
        // A partial trailing brand carries no information; ignoring it keeps odd writers working.
        while (p.remaining() >= 4) {
            brands.add(p.i32("compatible_brand"));
        }
        return new Ftyp(major, minor, brands, copy(box, box.readerIndex(), p.end));
    }

    /** Checks the top-level header and returns a reader over its payload. */
    private static Span top(ByteBuf box, long offset, int typeA, int typeB) {
        int index = box.readerIndex();
        BoxHeader h = BoxHeaderReader.read(box, index, offset);
        if (h == null) {
            throw new MoqMuxException(Kind.TRUNCATED, offset, "incomplete box header (" + box.readableBytes()
                    + " bytes)");
        }
        if (h.type() != typeA && h.type() != typeB) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, offset, "expected '" + FourCC.toString(typeA)
                    + "' but found '" + FourCC.toString(h.type()) + "'");
        }
        long readable = box.readableBytes();
        long size = h.extendsToEnd() ? readable : h.size();
        if (size > readable) {
            throw new MoqMuxException(Kind.TRUNCATED, offset, "'" + FourCC.toString(h.type()) + "' box of " + size
                    + " bytes but only " + readable + " were given");
        }
        return new Span(box, offset - index, index + h.headerSize(), index + (int) size, h.type(), 0);
    }

    /**
     * Appends to a list that starts as {@code List.of()}. One element stays an immutable
     * {@code List.of}, which the records' {@code List.copyOf} keeps without copying: the usual
     * fragment (one traf, one trun) costs one small list instead of an ArrayList, its array and
     * a copy.
     */
    private static <T> List<T> append(List<T> list, T item) {
        if (list.isEmpty()) {
            return List.of(item);
        }
        if (list.size() == 1 && !(list instanceof ArrayList)) {
            List<T> grown = new ArrayList<>(4);
            grown.add(list.get(0));
            grown.add(item);
            return grown;
        }
        list.add(item);
        return list;
    }

    private static byte[] copy(ByteBuf buf, int from, int to) {
        byte[] b = new byte[to - from];
        buf.getBytes(from, b);
        return b;
    }

    /** Durations of all ones mean "unknown"; 64-bit ones beyond a long are treated the same. */
    private static long duration(int version, Span p, String field) {
        if (version == 1) {
            long v = p.i64(field);
            return v < 0 ? -1 : v;
        }
        long v = p.u32(field);
        return v == 0xFFFFFFFFL ? -1 : v;
    }

    private static int version(Span p, int versionAndFlags, int maxVersion) {
        int version = versionAndFlags >>> 24;
        if (version > maxVersion) {
            throw new MoqMuxException(Kind.UNSUPPORTED, p.abs(p.start), "'" + FourCC.toString(p.type)
                    + "' version " + version + " is not supported");
        }
        return version;
    }

    // ---- moov ----

    private static Mvhd parseMvhd(ChildIter it) {
        Span p = it.payload();
        int version = version(p, p.fullBoxHeader(), 1);
        p.skip(version == 1 ? 16 : 8, "creation and modification times");
        long timescale = p.u32("timescale");
        long duration = duration(version, p, "duration");
        return new Mvhd(version, timescale, duration, copy(p.buf, it.boxStart, it.boxEnd));
    }

    private static Trak parseTrak(ChildIter trakIt) {
        Span trak = trakIt.payload();
        Tkhd tkhd = null;
        List<ElstEntry> editList = List.of();
        boolean sawEdts = false;
        Mdia mdia = null;
        ChildIter it = trak.children();
        while (it.next()) {
            int t = it.type();
            if (t == FourCC.TKHD && tkhd == null) {
                tkhd = parseTkhd(it.payload());
            } else if (t == FourCC.EDTS) {
                if (!sawEdts) {
                    editList = parseEdts(it.payload());
                }
                sawEdts = true;
            } else if (t == FourCC.MDIA && mdia == null) {
                mdia = parseMdia(it);
            }
        }
        long trakOffset = trakIt.offset();
        if (tkhd == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, trakOffset, "'trak' has no 'tkhd'");
        }
        if (mdia == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, trakOffset, "'trak' has no 'mdia'");
        }
        return new Trak(tkhd, editList, mdia, InitSegmentTrak.of(trakIt));
    }

    private static Tkhd parseTkhd(Span p) {
        int vf = p.fullBoxHeader();
        int version = version(p, vf, 1);
        p.skip(version == 1 ? 16 : 8, "creation and modification times");
        long trackId = p.u32("track_ID");
        p.skip(4, "reserved");
        long duration = duration(version, p, "duration");
        p.skip(8 + 2 + 2 + 2 + 2 + 36, "reserved, layer, alternate_group, volume and matrix");
        int width = (int) (p.u32("width") >>> 16);
        int height = (int) (p.u32("height") >>> 16);
        return new Tkhd(version, vf & 0xFFFFFF, trackId, duration, width, height);
    }

    private static List<ElstEntry> parseEdts(Span edts) {
        ChildIter it = edts.children();
        while (it.next()) {
            if (it.type() == FourCC.ELST) {
                return parseElst(it.payload());
            }
        }
        return List.of();
    }

    private static List<ElstEntry> parseElst(Span p) {
        int version = version(p, p.fullBoxHeader(), 1);
        int countAt = p.pos;
        long count = p.u32("entry_count");
        int entrySize = version == 1 ? 20 : 12;
        if (count * entrySize > p.remaining()) {
            throw p.malformedAt(countAt, "declares " + count + " entries of " + entrySize + " bytes but only "
                    + p.remaining() + " bytes remain");
        }
        List<ElstEntry> entries = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long segmentDuration;
            long mediaTime;
            if (version == 1) {
                int at = p.pos;
                segmentDuration = p.i64("segment_duration");
                if (segmentDuration < 0) {
                    throw p.malformedAt(at, "segment_duration above 2^63-1");
                }
                mediaTime = p.i64("media_time");
            } else {
                segmentDuration = p.u32("segment_duration");
                mediaTime = p.i32("media_time");
            }
            int rateInteger = (short) p.u16("media_rate_integer");
            int rateFraction = (short) p.u16("media_rate_fraction");
            entries.add(new ElstEntry(segmentDuration, mediaTime, rateInteger, rateFraction));
        }
        return entries;
    }

    private static Mdia parseMdia(ChildIter mdiaIt) {
        Mdhd mdhd = null;
        Hdlr hdlr = null;
        Stbl stbl = null;
        boolean sawMinf = false;
        ChildIter it = mdiaIt.payload().children();
        while (it.next()) {
            int t = it.type();
            if (t == FourCC.MDHD && mdhd == null) {
                mdhd = parseMdhd(it.payload());
            } else if (t == FourCC.HDLR && hdlr == null) {
                Span p = it.payload();
                p.fullBoxHeader();
                p.skip(4, "pre_defined");
                hdlr = new Hdlr(p.i32("handler_type"));
            } else if (t == FourCC.MINF && !sawMinf) {
                sawMinf = true;
                stbl = StblParser.parseMinf(it);
            }
        }
        long at = mdiaIt.offset();
        if (mdhd == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, at, "'mdia' has no 'mdhd'");
        }
        if (hdlr == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, at, "'mdia' has no 'hdlr'");
        }
        if (!sawMinf) {
            throw new MoqMuxException(Kind.MISSING_BOX, at, "'mdia' has no 'minf'");
        }
        return new Mdia(mdhd, hdlr, stbl);
    }

    private static Mdhd parseMdhd(Span p) {
        int version = version(p, p.fullBoxHeader(), 1);
        p.skip(version == 1 ? 16 : 8, "creation and modification times");
        long timescale = p.u32("timescale");
        long duration = duration(version, p, "duration");
        return new Mdhd(version, timescale, duration, language(p.u16("language")));
    }

    /** Decodes the packed ISO 639-2/T code: three 5-bit letters offset by 0x60. */
    private static String language(int packed) {
        char[] c = {(char) (((packed >> 10) & 0x1F) + 0x60), (char) (((packed >> 5) & 0x1F) + 0x60),
                (char) ((packed & 0x1F) + 0x60)};
        for (char ch : c) {
            // QuickTime stores Macintosh language codes (below 0x400) here; they decode to
            // non-letters, and "und" is the honest answer for them.
            if (ch < 'a' || ch > 'z') {
                return "und";
            }
        }
        return new String(c);
    }

    private static Mvex parseMvex(Span mvex) {
        List<Trex> trex = new ArrayList<>();
        ChildIter it = mvex.children();
        while (it.next()) {
            if (it.type() == FourCC.TREX) {
                Span p = it.payload();
                p.fullBoxHeader();
                trex.add(new Trex(p.u32("track_ID"), p.u32("default_sample_description_index"),
                        p.u32("default_sample_duration"), p.u32("default_sample_size"),
                        p.i32("default_sample_flags")));
            }
        }
        return new Mvex(trex);
    }

    // ---- moof ----

    private static Traf parseTraf(ChildIter trafIt) {
        Tfhd tfhd = null;
        Tfdt tfdt = null;
        List<Trun> truns = List.of();
        long tfhdOffset = 0;
        // Where each box is, so errors about the values it declares name it (issue 12).
        long[] trunOffsets = new long[0];
        ChildIter it = trafIt.payload().children();
        while (it.next()) {
            int t = it.type();
            if (t == FourCC.TFHD && tfhd == null) {
                tfhd = parseTfhd(it.payload());
                tfhdOffset = it.offset();
            } else if (t == FourCC.TFDT && tfdt == null) {
                tfdt = parseTfdt(it.payload());
            } else if (t == FourCC.TRUN) {
                truns = append(truns, parseTrun(it.payload()));
                if (truns.size() > trunOffsets.length) {
                    // Doubling: a traf of many small truns must not cost quadratic copying.
                    trunOffsets = java.util.Arrays.copyOf(trunOffsets, Math.max(4, trunOffsets.length * 2));
                }
                trunOffsets[truns.size() - 1] = it.offset();
            }
        }
        if (tfhd == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, trafIt.offset(), "'traf' has no 'tfhd'");
        }
        return new Traf(tfhd, tfdt, truns, trafIt.offset(), tfhdOffset,
            java.util.Arrays.copyOf(trunOffsets, truns.size()));
    }

    private static Tfhd parseTfhd(Span p) {
        int flags = p.fullBoxHeader() & 0xFFFFFF;
        long trackId = p.u32("track_ID");
        long baseDataOffset = 0;
        if ((flags & Tfhd.BASE_DATA_OFFSET_PRESENT) != 0) {
            int at = p.pos;
            baseDataOffset = p.i64("base_data_offset");
            if (baseDataOffset < 0) {
                throw p.malformedAt(at, "base_data_offset above 2^63-1");
            }
        }
        long sdi = (flags & Tfhd.SAMPLE_DESCRIPTION_INDEX_PRESENT) != 0 ? p.u32("sample_description_index") : 0;
        long duration = (flags & Tfhd.DEFAULT_SAMPLE_DURATION_PRESENT) != 0 ? p.u32("default_sample_duration") : 0;
        long size = (flags & Tfhd.DEFAULT_SAMPLE_SIZE_PRESENT) != 0 ? p.u32("default_sample_size") : 0;
        int sampleFlags = (flags & Tfhd.DEFAULT_SAMPLE_FLAGS_PRESENT) != 0 ? p.i32("default_sample_flags") : 0;
        return new Tfhd(flags, trackId, baseDataOffset, sdi, duration, size, sampleFlags);
    }

    private static Tfdt parseTfdt(Span p) {
        int version = version(p, p.fullBoxHeader(), 1);
        if (version == 0) {
            return new Tfdt(0, p.u32("base_media_decode_time"));
        }
        int at = p.pos;
        long t = p.i64("base_media_decode_time");
        if (t < 0) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, p.abs(at), "'tfdt': base_media_decode_time above 2^63-1");
        }
        return new Tfdt(1, t);
    }

    private static Trun parseTrun(Span p) {
        int vf = p.fullBoxHeader();
        int version = version(p, vf, 1);
        int flags = vf & 0xFFFFFF;
        int countAt = p.pos;
        long count = p.u32("sample_count");
        if (count > Integer.MAX_VALUE) {
            throw p.malformedAt(countAt, "sample_count " + count + " is above 2^31-1");
        }
        int dataOffset = (flags & Trun.DATA_OFFSET_PRESENT) != 0 ? p.i32("data_offset") : 0;
        int firstFlags = (flags & Trun.FIRST_SAMPLE_FLAGS_PRESENT) != 0 ? p.i32("first_sample_flags") : 0;
        int entrySize = 4 * Trun.stride(flags);
        // Check before allocating: a hostile count must fail here, not in the allocator.
        if (count * entrySize > p.remaining()) {
            throw p.malformedAt(countAt, "sample_count " + count + " needs " + count * entrySize
                    + " bytes of entries but only " + p.remaining() + " remain");
        }
        int n = (int) count;
        // The entries are kept as stored, one int array for the whole run (see Trun).
        int[] entries = new int[n * (entrySize / 4)];
        ByteBuf buf = p.buf;
        int pos = p.pos;
        for (int i = 0; i < entries.length; i++) {
            entries[i] = buf.getInt(pos);
            pos += 4;
        }
        p.pos = pos;
        return new Trun(version, flags, n, dataOffset, firstFlags, entries);
    }
}
