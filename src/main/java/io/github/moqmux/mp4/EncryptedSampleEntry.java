package io.github.moqmux.mp4;

/**
 * An encrypted sample entry ({@code encv} or {@code enca}, ISO/IEC 23001-7) with its protection
 * scheme information ({@code sinf}). The library does not decrypt; this says why a track is
 * refused.
 *
 * @param format         {@link FourCC#ENCV} or {@link FourCC#ENCA}
 * @param originalFormat the format before encryption ({@code frma}), 0 when absent
 * @param schemeType     the protection scheme ({@code schm}), e.g. {@code cenc} or {@code cbcs},
 *                       0 when absent
 * @param offset         absolute stream offset of the entry's first byte
 */
public record EncryptedSampleEntry(int format, int originalFormat, int schemeType, long offset)
        implements SampleEntry {
    /** @return the formats, scheme and offset as text */
    @Override
    public String toString() {
        return "EncryptedSampleEntry[" + FourCC.toString(format) + " of " + FourCC.toString(originalFormat)
                + ", scheme " + FourCC.toString(schemeType) + " at " + offset + "]";
    }

    /**
     * Compares the content; {@link #offset()} says where it was read and is left out, as in
     * {@link SampleTable}.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedSampleEntry e && format == e.format && originalFormat == e.originalFormat && schemeType == e.schemeType;
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(format, originalFormat, schemeType);
    }
}
