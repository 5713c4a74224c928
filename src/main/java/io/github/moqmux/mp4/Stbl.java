package io.github.moqmux.mp4;

import java.util.List;

/**
 * A sample table box ({@code stbl}): its sample descriptions, and the sample tables that locate
 * samples described by the {@code moov} itself (empty in fragmented files with an empty moov).
 *
 * @param sampleEntries the entries of {@code stsd} in stored order (sample description index 1 is
 *                      element 0)
 * @param samples       the samples the tables describe
 */
public record Stbl(List<SampleEntry> sampleEntries, SampleTable samples) {
    /**
     * Copies the list.
     *
     * @param sampleEntries the entries of {@code stsd} in stored order (sample description index 1 is
     *     element 0)
     * @param samples       the samples the tables describe
     */
    public Stbl {
        sampleEntries = List.copyOf(sampleEntries);
    }

    /**
     * A table with sample descriptions and no samples.
     *
     * @param sampleEntries the {@code stsd} entries
     */
    public Stbl(List<SampleEntry> sampleEntries) {
        this(sampleEntries, SampleTable.empty(-1));
    }
}
