package io.github.moqmux.mp4;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The {@code trak} as a fragmented file's init segment needs it, re-encoded from the parsed
 * bytes: without {@code edts} (the fragments carry the shifted times), with empty sample tables
 * (every sample is in a fragment; tables copied from a regular MP4 would make players read samples
 * at the original file's offsets), and with each known sample entry trimmed after its last whole
 * child box. Built at parse time so the {@link Trak} record holds bytes, not a buffer.
 */
final class InitSegmentTrak {
    private InitSegmentTrak() {
    }

    /**
     * @param trakIt positioned at a {@code trak}
     * @return the trak re-encoded for an init segment: no {@code edts}, empty sample tables,
     *     trimmed sample entries
     */
    static byte[] of(ChildIter trakIt) {
        return rebuild(trakIt, FourCC.TRAK);
    }

    private static byte[] rebuild(ChildIter boxIt, int type) {
        ByteArrayOutputStream children = new ByteArrayOutputStream();
        ByteBuf buf = boxIt.payload().buf;
        ChildIter it = boxIt.payload().children();
        while (it.next()) {
            int child = it.type();
            if (type == FourCC.TRAK && child == FourCC.EDTS) {
                continue;
            }
            if (child == FourCC.MDIA || child == FourCC.MINF) {
                children.writeBytes(rebuild(it, child));
            } else if (child == FourCC.STBL) {
                children.writeBytes(emptiedStbl(it));
            } else {
                byte[] raw = new byte[it.boxEnd - it.boxStart];
                buf.getBytes(it.boxStart, raw);
                children.writeBytes(raw);
            }
        }
        return BoxWriter.box(type, children.toByteArray());
    }

    /** stsd and sample group descriptions as they are; the tables that list samples, empty. */
    private static byte[] emptiedStbl(ChildIter stblIt) {
        ByteArrayOutputStream children = new ByteArrayOutputStream();
        ByteBuf buf = stblIt.payload().buf;
        ChildIter it = stblIt.payload().children();
        while (it.next()) {
            if (it.type() == FourCC.STSD) {
                children.writeBytes(cleanStsd(it));
            } else if (it.type() == FourCC.of("sgpd")) {
                byte[] raw = new byte[it.boxEnd - it.boxStart];
                buf.getBytes(it.boxStart, raw);
                children.writeBytes(raw);
            }
        }
        byte[] fullBoxNoEntries = new byte[8]; // version/flags 0, entry_count 0
        children.writeBytes(BoxWriter.box(FourCC.STTS, fullBoxNoEntries));
        children.writeBytes(BoxWriter.box(FourCC.STSC, fullBoxNoEntries));
        children.writeBytes(BoxWriter.box(FourCC.STSZ, new byte[12])); // version/flags, sample_size 0, sample_count 0
        children.writeBytes(BoxWriter.box(FourCC.STCO, fullBoxNoEntries));
        return BoxWriter.box(FourCC.STBL, children.toByteArray());
    }

    /**
     * The stsd with each known sample entry cut after its last whole child box: QuickTime writers
     * end entries with a 4-byte zero terminator, which ISO readers (and CMAF players) take for a
     * truncated box.
     */
    private static byte[] cleanStsd(ChildIter stsdIt) {
        Span p = stsdIt.payload();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = new byte[8]; // version/flags + entry_count
        p.buf.getBytes(p.pos, head);
        out.writeBytes(head);
        p.skip(8, "stsd header");
        ChildIter it = p.children();
        while (it.next()) {
            byte[] entry = new byte[it.boxEnd - it.boxStart];
            p.buf.getBytes(it.boxStart, entry);
            out.writeBytes(trimEntry(entry));
        }
        return BoxWriter.box(FourCC.STSD, out.toByteArray());
    }

    private static byte[] trimEntry(byte[] entry) {
        if (entry.length < 8) {
            return entry;
        }
        int format = ((entry[4] & 0xFF) << 24) | ((entry[5] & 0xFF) << 16) | ((entry[6] & 0xFF) << 8) | (entry[7] & 0xFF);
        // Only formats the parser knows (one list, SampleEntryFormats) are trimmed.
        SampleEntryFormat known = SampleEntryFormats.find(format);
        int childStart;
        if (known != null && known.layout() == SampleEntryFormat.Layout.VISUAL) {
            childStart = 86;
        } else if (known != null && entry.length >= 18) {
            int version = ((entry[16] & 0xFF) << 8) | (entry[17] & 0xFF);
            childStart = version == 1 ? 52 : version == 2 ? 72 : 36;
        } else {
            return entry;
        }
        int pos = childStart;
        while (pos + 8 <= entry.length) {
            long size = ((entry[pos] & 0xFFL) << 24) | ((entry[pos + 1] & 0xFF) << 16) | ((entry[pos + 2] & 0xFF) << 8)
                | (entry[pos + 3] & 0xFF);
            if (size < 8 || pos + size > entry.length) {
                break;
            }
            pos += (int) size;
        }
        if (pos == entry.length || pos < childStart) {
            return entry;
        }
        byte[] trimmed = Arrays.copyOf(entry, pos);
        trimmed[0] = (byte) (pos >>> 24);
        trimmed[1] = (byte) (pos >>> 16);
        trimmed[2] = (byte) (pos >>> 8);
        trimmed[3] = (byte) pos;
        return trimmed;
    }
}
