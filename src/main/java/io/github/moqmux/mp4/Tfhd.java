package io.github.moqmux.mp4;

/**
 * A track fragment header box ({@code tfhd}). Optional fields that are not present are 0; the
 * {@code has…} methods tell which are.
 *
 * @param flags                  the 24 flag bits
 * @param trackId                the track id (unsigned 32 bits)
 * @param baseDataOffset         absolute stream offset that sample data offsets are relative to
 * @param sampleDescriptionIndex 1-based index into the track's sample entries
 * @param defaultSampleDuration  default sample duration (unsigned 32 bits)
 * @param defaultSampleSize      default sample size (unsigned 32 bits)
 * @param defaultSampleFlags     default sample flags
 */
public record Tfhd(int flags, long trackId, long baseDataOffset, long sampleDescriptionIndex,
        long defaultSampleDuration, long defaultSampleSize, int defaultSampleFlags) {
    /** Flag: base-data-offset-present. */
    public static final int BASE_DATA_OFFSET_PRESENT = 0x1;
    /** Flag: sample-description-index-present. */
    public static final int SAMPLE_DESCRIPTION_INDEX_PRESENT = 0x2;
    /** Flag: default-sample-duration-present. */
    public static final int DEFAULT_SAMPLE_DURATION_PRESENT = 0x8;
    /** Flag: default-sample-size-present. */
    public static final int DEFAULT_SAMPLE_SIZE_PRESENT = 0x10;
    /** Flag: default-sample-flags-present. */
    public static final int DEFAULT_SAMPLE_FLAGS_PRESENT = 0x20;
    /** Flag: duration-is-empty. */
    public static final int DURATION_IS_EMPTY = 0x10000;
    /** Flag: default-base-is-moof. */
    public static final int DEFAULT_BASE_IS_MOOF = 0x20000;

    /** @return whether {@link #baseDataOffset()} is present (flag 0x1) */
    public boolean hasBaseDataOffset() {
        return (flags & BASE_DATA_OFFSET_PRESENT) != 0;
    }

    /** @return whether {@link #sampleDescriptionIndex()} is present (flag 0x2) */
    public boolean hasSampleDescriptionIndex() {
        return (flags & SAMPLE_DESCRIPTION_INDEX_PRESENT) != 0;
    }

    /** @return whether {@link #defaultSampleDuration()} is present (flag 0x8) */
    public boolean hasDefaultSampleDuration() {
        return (flags & DEFAULT_SAMPLE_DURATION_PRESENT) != 0;
    }

    /** @return whether {@link #defaultSampleSize()} is present (flag 0x10) */
    public boolean hasDefaultSampleSize() {
        return (flags & DEFAULT_SAMPLE_SIZE_PRESENT) != 0;
    }

    /** @return whether {@link #defaultSampleFlags()} is present (flag 0x20) */
    public boolean hasDefaultSampleFlags() {
        return (flags & DEFAULT_SAMPLE_FLAGS_PRESENT) != 0;
    }

    /** @return whether the fragment has no samples for this duration (flag 0x10000) */
    public boolean durationIsEmpty() {
        return (flags & DURATION_IS_EMPTY) != 0;
    }

    /** @return whether data offsets are relative to the enclosing moof (flag 0x20000) */
    public boolean defaultBaseIsMoof() {
        return (flags & DEFAULT_BASE_IS_MOOF) != 0;
    }
}
