package io.github.moqmux.mp4;

/**
 * A sample entry of a format this library does not decode (including encrypted {@code encv} and
 * {@code enca} entries); only its type is kept.
 *
 * @param format the sample entry type
 */
public record UnknownSampleEntry(int format) implements SampleEntry {
    /** @return the format as text */
    @Override
    public String toString() {
        return "UnknownSampleEntry[" + FourCC.toString(format) + "]";
    }
}
