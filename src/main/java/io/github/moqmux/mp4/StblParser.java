package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a track's sample table ({@code minf}/{@code stbl}): its sample descriptions and the
 * tables that locate the samples a {@code moov} describes itself. Split from {@link Mp4Parser},
 * which keeps the box structure of {@code moov} and {@code moof}.
 */
final class StblParser {
    private StblParser() {
    }

    static Stbl parseMinf(ChildIter minfIt) {
        ChildIter it = minfIt.payload().children();
        while (it.next()) {
            if (it.type() == FourCC.STBL) {
                return parseStbl(it);
            }
        }
        throw new MoqMuxException(Kind.MISSING_BOX, minfIt.offset(), "'minf' has no 'stbl'");
    }

    private static Stbl parseStbl(ChildIter stblIt) {
        long offset = stblIt.offset();
        ChildIter it = stblIt.payload().children();
        List<SampleEntry> entries = null;
        int[][] stts = null;
        int[][] ctts = null;
        boolean cttsSigned = false;
        long[] stsz = null; // {sampleCount, constantSize}
        int[] sizes = new int[0];
        int[][] stsc = null;
        long[] chunks = null;
        int[] stss = null;
        while (it.next()) {
            int type = it.type();
            if (type == FourCC.STSD) {
                entries = parseStsd(it.payload());
            } else if (type == FourCC.STTS) {
                stts = parsePairs(it.payload(), "stts");
            } else if (type == FourCC.CTTS) {
                Span p = it.payload();
                cttsSigned = (p.buf.getUnsignedByte(p.pos) != 0);
                ctts = parsePairs(p, "ctts");
            } else if (type == FourCC.STSZ) {
                Span p = it.payload();
                p.fullBoxHeader();
                long constant = p.u32("sample_size");
                long count = p.u32("sample_count");
                if (constant == 0) {
                    sizes = parseInts(p, count, 4, "entry_size");
                }
                stsz = new long[] {count, constant};
            } else if (type == FourCC.STZ2) {
                Span p = it.payload();
                p.fullBoxHeader();
                p.skip(3, "reserved");
                int fieldSize = p.u8("field_size");
                long count = p.u32("sample_count");
                sizes = parseCompactSizes(p, fieldSize, count);
                stsz = new long[] {count, 0};
            } else if (type == FourCC.STSC) {
                Span p = it.payload();
                p.fullBoxHeader();
                long count = p.u32("entry_count");
                p.need(count * 12, "stsc entries");
                int[] first = new int[(int) count];
                int[] perChunk = new int[(int) count];
                for (int i = 0; i < count; i++) {
                    first[i] = p.i32("first_chunk");
                    perChunk[i] = p.i32("samples_per_chunk");
                    p.skip(4, "sample_description_index");
                }
                stsc = new int[][] {first, perChunk};
            } else if (type == FourCC.STCO || type == FourCC.CO64) {
                Span p = it.payload();
                p.fullBoxHeader();
                long count = p.u32("entry_count");
                int width = type == FourCC.STCO ? 4 : 8;
                p.need(count * width, "chunk offsets");
                chunks = new long[(int) count];
                for (int i = 0; i < count; i++) {
                    chunks[i] = width == 4 ? p.u32("chunk_offset") : p.i64("chunk_offset");
                    if (chunks[i] < 0) {
                        throw p.malformed("chunk offset above 2^63");
                    }
                }
            } else if (type == FourCC.STSS) {
                Span p = it.payload();
                p.fullBoxHeader();
                stss = parseInts(p, p.u32("entry_count"), 4, "sample_number");
            }
        }
        if (entries == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, offset, "'stbl' has no 'stsd'");
        }
        if (stsz == null || stsz[0] == 0) {
            return new Stbl(entries, SampleTable.empty(offset));
        }
        if (stts == null || stsc == null || chunks == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, offset, "'stbl' describes " + stsz[0]
                + " samples but lacks " + (stts == null ? "stts" : stsc == null ? "stsc" : "stco/co64"));
        }
        return new Stbl(entries, new SampleTable(stsz[0], stsz[1], sizes, stts[0], stts[1],
            ctts == null ? new int[0] : ctts[0], ctts == null ? new int[0] : ctts[1], cttsSigned, stsc[0], stsc[1],
            chunks, stss, offset));
    }

    /** Reads a full box of {@code entry_count} (u32, u32) pairs, as stts and ctts are. */
    private static int[][] parsePairs(Span p, String box) {
        p.fullBoxHeader();
        long count = p.u32("entry_count");
        p.need(count * 8, box + " entries");
        int[] a = new int[(int) count];
        int[] b = new int[(int) count];
        for (int i = 0; i < count; i++) {
            a[i] = p.i32("sample_count");
            b[i] = p.i32("value");
        }
        return new int[][] {a, b};
    }

    /** Reads {@code count} big-endian integers of {@code width} bytes, checking the box holds them first. */
    private static int[] parseInts(Span p, long count, int width, String field) {
        p.need(count * width, field + " table");
        int[] out = new int[(int) count];
        for (int i = 0; i < count; i++) {
            out[i] = p.i32(field);
        }
        return out;
    }

    private static int[] parseCompactSizes(Span p, int fieldSize, long count) {
        if (fieldSize != 4 && fieldSize != 8 && fieldSize != 16) {
            throw p.malformed("stz2 field_size " + fieldSize + " is not 4, 8 or 16");
        }
        p.need((count * fieldSize + 7) / 8, "stz2 entries");
        int[] out = new int[(int) count];
        for (int i = 0; i < count; i++) {
            if (fieldSize == 16) {
                out[i] = p.u16("entry_size");
            } else if (fieldSize == 8) {
                out[i] = p.u8("entry_size");
            } else {
                int packed = p.buf.getUnsignedByte(p.pos + i / 2);
                out[i] = (i & 1) == 0 ? packed >>> 4 : packed & 0xF;
            }
        }
        if (fieldSize == 4) {
            p.skip((int) ((count + 1) / 2), "stz2 entries");
        }
        return out;
    }

    private static List<SampleEntry> parseStsd(Span p) {
        int version = p.fullBoxHeader() >>> 24;
        int countAt = p.pos;
        long count = p.u32("entry_count");
        List<SampleEntry> entries = new ArrayList<>();
        ChildIter it = p.children();
        for (long i = 0; i < count; i++) {
            if (!it.next()) {
                throw p.malformedAt(countAt, "declares " + count + " sample entries but holds " + i);
            }
            entries.add(SampleEntryParser.parse(it, version));
        }
        return entries;
    }
}
