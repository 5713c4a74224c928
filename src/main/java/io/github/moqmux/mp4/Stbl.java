package io.github.moqmux.mp4;

import java.util.List;

/**
 * The part of a sample table box ({@code stbl}) a fragmented file needs: its sample descriptions.
 *
 * @param sampleEntries the entries of {@code stsd} in stored order (sample description index 1 is
 *                      element 0)
 */
public record Stbl(List<SampleEntry> sampleEntries) {
    /**
     * Copies the list.
     *
     * @param sampleEntries the entries of {@code stsd} in stored order (sample description index 1 is
     *     element 0)
     */
    public Stbl {
        sampleEntries = List.copyOf(sampleEntries);
    }
}
