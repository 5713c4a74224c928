package io.github.moqmux.mp4;

/**
 * A sample entry of a format this library does not decode; only its type and place are kept.
 *
 * @param format the sample entry type
 * @param offset absolute stream offset of the entry's first byte
 */
public record UnknownSampleEntry(int format, long offset) implements SampleEntry {
    /** @return the format and offset as text */
    @Override
    public String toString() {
        return "UnknownSampleEntry[" + FourCC.toString(format) + " at " + offset + "]";
    }

    /**
     * Compares the content; {@link #offset()} says where it was read and is left out, as in
     * {@link SampleTable}.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownSampleEntry e && format == e.format;
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(format);
    }
}
