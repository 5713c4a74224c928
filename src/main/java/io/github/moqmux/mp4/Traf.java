package io.github.moqmux.mp4;

import java.util.List;
import java.util.Objects;

/**
 * A track fragment box ({@code traf}).
 *
 * @param tfhd   the track fragment header (required)
 * @param tfdt   the decode time of the first sample, or {@code null} when absent
 * @param truns  the track runs in stored order (may be empty)
 * @param offset absolute stream offset of this traf box's first byte
 */
public record Traf(Tfhd tfhd, Tfdt tfdt, List<Trun> truns, long offset) {
    /**
     * Copies the list.
     *
     * @param tfhd the track fragment header (required)
     * @param tfdt the decode time of the first sample, or {@code null} when absent
     * @param truns the track runs in stored order (may be empty)
     * @param offset absolute stream offset of this traf box's first byte
     */
    public Traf {
        Objects.requireNonNull(tfhd, "tfhd");
        truns = List.copyOf(truns);
    }

    /** @return the track id from the track fragment header */
    public long trackId() {
        return tfhd.trackId();
    }

    /** @return the total number of samples over all runs */
    public long sampleCount() {
        long n = 0;
        for (Trun t : truns) {
            n += t.sampleCount();
        }
        return n;
    }
}
