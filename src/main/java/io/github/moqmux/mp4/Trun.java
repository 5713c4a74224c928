package io.github.moqmux.mp4;

import java.util.Arrays;

/**
 * A track fragment run box ({@code trun}), immutable.
 *
 * <p>Per-sample values are kept in one primitive array per present field rather than one object
 * per sample, because fragments can carry many thousands of samples. The per-sample accessors
 * are only meaningful when the matching {@code has…} method is true; otherwise they throw
 * {@link IllegalStateException}, and the caller uses the {@code tfhd}/{@code trex} defaults.
 */
public final class Trun {
    /** Flag: data-offset-present. */
    public static final int DATA_OFFSET_PRESENT = 0x1;
    /** Flag: first-sample-flags-present. */
    public static final int FIRST_SAMPLE_FLAGS_PRESENT = 0x4;
    /** Flag: sample-duration-present. */
    public static final int SAMPLE_DURATION_PRESENT = 0x100;
    /** Flag: sample-size-present. */
    public static final int SAMPLE_SIZE_PRESENT = 0x200;
    /** Flag: sample-flags-present. */
    public static final int SAMPLE_FLAGS_PRESENT = 0x400;
    /** Flag: sample-composition-time-offsets-present. */
    public static final int SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT = 0x800;

    private final int version;
    private final int flags;
    private final int sampleCount;
    private final int dataOffset;
    private final int firstSampleFlags;
    /**
     * The per-sample fields exactly as stored in the box: {@code stride} ints per sample, in box
     * order (duration, size, flags, composition offset, each only when present). One array per
     * run instead of one per field keeps parsing at one allocation per {@code trun}.
     */
    private final int[] entries;
    private final int stride;
    /** Index of each field within a sample's entry, or -1 when absent. */
    private final int durationAt;
    private final int sizeAt;
    private final int flagsAt;
    private final int ctoAt;

    /**
     * Creates a run from values; the arrays are copied.
     *
     * @param version            0 (unsigned composition offsets) or 1 (signed)
     * @param flags              the 24 flag bits; they decide which arrays must be given
     * @param sampleCount        number of samples, not negative
     * @param dataOffset         signed data offset, ignored unless flag 0x1 is set
     * @param firstSampleFlags   flags of the first sample, ignored unless flag 0x4 is set
     * @param durations          raw 32-bit durations, non-null exactly when flag 0x100 is set
     * @param sizes              raw 32-bit sizes, non-null exactly when flag 0x200 is set
     * @param sampleFlags        sample flags, non-null exactly when flag 0x400 is set
     * @param compositionOffsets raw 32-bit composition offsets, non-null exactly when flag 0x800 is
     *                           set
     * @throws IllegalArgumentException if an array does not match the flags or the sample count
     */
    public Trun(int version, int flags, int sampleCount, int dataOffset, int firstSampleFlags, int[] durations,
            int[] sizes, int[] sampleFlags, int[] compositionOffsets) {
        this(version, flags, sampleCount, dataOffset, firstSampleFlags, pack(flags, sampleCount,
                check(durations, flags, SAMPLE_DURATION_PRESENT, sampleCount),
                check(sizes, flags, SAMPLE_SIZE_PRESENT, sampleCount),
                check(sampleFlags, flags, SAMPLE_FLAGS_PRESENT, sampleCount),
                check(compositionOffsets, flags, SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT, sampleCount)));
    }

    /**
     * Takes the packed entries without copying; the parser hands over an array nobody else holds.
     *
     * @param entries {@link #stride(int)} ints per sample, in box order
     */
    Trun(int version, int flags, int sampleCount, int dataOffset, int firstSampleFlags, int[] entries) {
        this.version = version;
        this.flags = flags;
        this.sampleCount = sampleCount;
        this.dataOffset = (flags & DATA_OFFSET_PRESENT) != 0 ? dataOffset : 0;
        this.firstSampleFlags = (flags & FIRST_SAMPLE_FLAGS_PRESENT) != 0 ? firstSampleFlags : 0;
        this.entries = entries;
        int at = 0;
        this.durationAt = (flags & SAMPLE_DURATION_PRESENT) != 0 ? at++ : -1;
        this.sizeAt = (flags & SAMPLE_SIZE_PRESENT) != 0 ? at++ : -1;
        this.flagsAt = (flags & SAMPLE_FLAGS_PRESENT) != 0 ? at++ : -1;
        this.ctoAt = (flags & SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT) != 0 ? at++ : -1;
        this.stride = at;
    }

    /** @return the number of ints per sample entry for these trun flags (0 to 4) */
    static int stride(int flags) {
        return Integer.bitCount(flags & (SAMPLE_DURATION_PRESENT | SAMPLE_SIZE_PRESENT | SAMPLE_FLAGS_PRESENT
                | SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT));
    }

    private static int[] pack(int flags, int count, int[]... fields) {
        int stride = stride(flags);
        int[] packed = new int[stride * count];
        int at = 0;
        for (int[] field : fields) {
            if (field != null) {
                for (int i = 0; i < count; i++) {
                    packed[i * stride + at] = field[i];
                }
                at++;
            }
        }
        return packed;
    }

    private static int[] check(int[] a, int flags, int flag, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative sample count " + count);
        }
        boolean present = (flags & flag) != 0;
        if (present != (a != null)) {
            throw new IllegalArgumentException("array for flag 0x" + Integer.toHexString(flag)
                    + (present ? " missing" : " given but the flag is not set"));
        }
        if (a != null && a.length != count) {
            throw new IllegalArgumentException("array for flag 0x" + Integer.toHexString(flag) + " has "
                    + a.length + " entries, expected " + count);
        }
        return a;
    }

    /** @return 0 or 1 */
    public int version() {
        return version;
    }

    /** @return the 24 flag bits */
    public int flags() {
        return flags;
    }

    /** @return the number of samples in this run */
    public int sampleCount() {
        return sampleCount;
    }

    /** @return whether {@link #dataOffset()} is present (flag 0x1) */
    public boolean hasDataOffset() {
        return (flags & DATA_OFFSET_PRESENT) != 0;
    }

    /** @return the signed offset of the run's data from the base data offset, 0 when absent */
    public int dataOffset() {
        return dataOffset;
    }

    /** @return whether {@link #firstSampleFlags()} is present (flag 0x4) */
    public boolean hasFirstSampleFlags() {
        return (flags & FIRST_SAMPLE_FLAGS_PRESENT) != 0;
    }

    /** @return flags that replace the first sample's flags, 0 when absent */
    public int firstSampleFlags() {
        return firstSampleFlags;
    }

    /** @return whether per-sample durations are present (flag 0x100) */
    public boolean hasSampleDurations() {
        return durationAt >= 0;
    }

    /** @return whether per-sample sizes are present (flag 0x200) */
    public boolean hasSampleSizes() {
        return sizeAt >= 0;
    }

    /** @return whether per-sample flags are present (flag 0x400) */
    public boolean hasSampleFlags() {
        return flagsAt >= 0;
    }

    /** @return whether per-sample composition offsets are present (flag 0x800) */
    public boolean hasCompositionOffsets() {
        return ctoAt >= 0;
    }

    /**
     * @param i sample index in this run
     * @return the sample's duration in media timescale ticks (unsigned 32 bits)
     * @throws IllegalStateException if durations are not present
     */
    public long duration(int i) {
        return Integer.toUnsignedLong(entry(i, durationAt, "durations"));
    }

    /**
     * @param i sample index in this run
     * @return the sample's size in bytes (unsigned 32 bits)
     * @throws IllegalStateException if sizes are not present
     */
    public long size(int i) {
        return Integer.toUnsignedLong(entry(i, sizeAt, "sizes"));
    }

    /**
     * @param i sample index in this run
     * @return the sample's flags as stored (not replaced by {@link #firstSampleFlags()})
     * @throws IllegalStateException if sample flags are not present
     */
    public int flags(int i) {
        return entry(i, flagsAt, "sample flags");
    }

    /**
     * @param i sample index in this run
     * @return the sample's composition offset in ticks: unsigned 32 bits in version 0, signed in
     *     version 1
     * @throws IllegalStateException if composition offsets are not present
     */
    public long compositionOffset(int i) {
        int v = entry(i, ctoAt, "composition offsets");
        return version == 0 ? Integer.toUnsignedLong(v) : v;
    }

    private int entry(int i, int at, String what) {
        if (at < 0) {
            throw new IllegalStateException("this trun has no per-sample " + what);
        }
        if (i < 0 || i >= sampleCount) {
            throw new ArrayIndexOutOfBoundsException("sample " + i + " of a trun with " + sampleCount + " samples");
        }
        return entries[i * stride + at];
    }

    /** Compares all values. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Trun t && version == t.version && flags == t.flags && sampleCount == t.sampleCount
                && dataOffset == t.dataOffset && firstSampleFlags == t.firstSampleFlags
                && Arrays.equals(entries, t.entries);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        int h = ((version * 31 + flags) * 31 + sampleCount) * 31 + dataOffset;
        h = h * 31 + firstSampleFlags;
        return h * 31 + Arrays.hashCode(entries);
    }

    /** @return the header values, without the per-sample arrays */
    @Override
    public String toString() {
        return "Trun[version=" + version + ", flags=0x" + Integer.toHexString(flags) + ", samples=" + sampleCount
                + (hasDataOffset() ? ", dataOffset=" + dataOffset : "")
                + (hasFirstSampleFlags() ? ", firstSampleFlags=0x" + Integer.toHexString(firstSampleFlags) : "")
                + "]";
    }
}
