package io.github.moqmux.fmp4;

import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.FourCC;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Finds and patches boxes in real fixture bytes, for hostile-input tests. Independent of the
 * parser under test except for reading one box header at a time.
 */
final class Mp4Bytes {
    /** Boxes whose payload is a sequence of child boxes. */
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "edts", "mvex",
        "moof", "traf", "dinf", "udta", "wave");
    /** Sample entries: bytes of fixed fields before their child boxes. */
    private static final Set<String> VISUAL = Set.of("avc1", "avc3", "hvc1", "hev1", "vp08", "vp09", "av01");
    private static final Set<String> AUDIO = Set.of("mp4a", "Opus");

    private Mp4Bytes() {
    }

    /** A box found in a file: type, absolute offset, total size and header size. */
    record Box(String type, int offset, int size, int headerSize) {
        int payload() {
            return offset + headerSize;
        }

        int end() {
            return offset + size;
        }
    }

    /** @return every box of the file, depth first, descending into known containers */
    static List<Box> all(byte[] file) {
        List<Box> out = new ArrayList<>();
        walk(file, 0, file.length, out);
        return out;
    }

    private static void walk(byte[] file, int from, int to, List<Box> out) {
        int at = from;
        while (at + 8 <= to) {
            BoxHeader h = BoxHeaderReader.read(Unpooled.wrappedBuffer(file), at, at);
            int size = h.extendsToEnd() ? to - at : (int) h.size();
            Box box = new Box(FourCC.toString(h.type()), at, size, h.headerSize());
            out.add(box);
            if (CONTAINERS.contains(box.type())) {
                walk(file, box.payload(), box.end(), out);
            } else if (box.type().equals("stsd")) {
                walk(file, box.payload() + 8, box.end(), out);
            } else if (VISUAL.contains(box.type())) {
                walk(file, box.payload() + 78, box.end(), out);
            } else if (AUDIO.contains(box.type())) {
                walk(file, box.payload() + 28, box.end(), out);
            }
            at += size;
        }
    }

    /** @return the n-th (from 0) box of that type, depth first */
    static Box find(byte[] file, String type, int n) {
        return all(file).stream().filter(b -> b.type().equals(type)).skip(n).findFirst()
            .orElseThrow(() -> new AssertionError("no " + type + " #" + n));
    }

    static Box find(byte[] file, String type) {
        return find(file, type, 0);
    }

    /** @return the first box of that type that starts at or after {@code from} */
    static Box findAfter(byte[] file, String type, int from) {
        return all(file).stream().filter(b -> b.type().equals(type) && b.offset() >= from).findFirst()
            .orElseThrow(() -> new AssertionError("no " + type + " after " + from));
    }

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putU64(byte[] b, int at, long v) {
        putU32(b, at, v >>> 32);
        putU32(b, at + 4, v);
    }

    /** @return a copy of {@code file} with a patch applied */
    static byte[] patched(byte[] file, java.util.function.Consumer<byte[]> patch) {
        byte[] copy = file.clone();
        patch.accept(copy);
        return copy;
    }

    /**
     * Cuts the payload of {@code box} to {@code keep} bytes and shrinks every enclosing box by
     * what was removed, so the file stays consistent around the damaged box.
     */
    static byte[] truncatePayload(byte[] file, Box box, int keep) {
        int removed = box.size() - box.headerSize() - keep;
        if (removed <= 0 || box.headerSize() != 8) {
            throw new IllegalArgumentException("cannot cut " + box + " to " + keep);
        }
        int cutFrom = box.payload() + keep;
        byte[] out = new byte[file.length - removed];
        System.arraycopy(file, 0, out, 0, cutFrom);
        System.arraycopy(file, cutFrom + removed, out, cutFrom, file.length - cutFrom - removed);
        for (Box b : all(file)) {
            if (b.offset() <= box.offset() && b.end() >= box.end()) {
                if (b.headerSize() != 8) {
                    throw new IllegalArgumentException("64-bit ancestor " + b);
                }
                putU32(out, b.offset(), b.size() - removed);
            }
        }
        return out;
    }

    /** @return the fixture bytes up to (not including) the first box of type {@code type} */
    static byte[] before(byte[] file, String type) {
        return Arrays.copyOf(file, find(file, type).offset());
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] range(byte[] file, Box box) {
        return Arrays.copyOfRange(file, box.offset(), box.end());
    }

    /** A box with a 32-bit size field and the given payload. */
    static byte[] box(String type, byte[]... payload) {
        byte[] p = cat(payload);
        byte[] out = new byte[8 + p.length];
        putU32(out, 0, out.length);
        System.arraycopy(type.getBytes(StandardCharsets.ISO_8859_1), 0, out, 4, 4);
        System.arraycopy(p, 0, out, 8, p.length);
        return out;
    }

    /** Just a header: size field, type and, when {@code size32 == 1}, the 64-bit size. */
    static byte[] header(long size32, String type, long largeSize) {
        byte[] out = new byte[size32 == 1 ? 16 : 8];
        putU32(out, 0, size32);
        System.arraycopy(type.getBytes(StandardCharsets.ISO_8859_1), 0, out, 4, 4);
        if (size32 == 1) {
            putU64(out, 8, largeSize);
        }
        return out;
    }

    static byte[] u32s(long... values) {
        byte[] out = new byte[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            putU32(out, 4 * i, values[i]);
        }
        return out;
    }
}
