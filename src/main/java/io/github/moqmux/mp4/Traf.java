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
 * @param tfhdOffset absolute stream offset of its tfhd's first byte, for errors about the tfhd's
 *                   values (a base_data_offset outside the data)
 */
public record Traf(Tfhd tfhd, Tfdt tfdt, List<Trun> truns, long offset, long tfhdOffset) {
    /**
     * Copies the list.
     *
     * @param tfhd the track fragment header (required)
     * @param tfdt the decode time of the first sample, or {@code null} when absent
     * @param truns the track runs in stored order (may be empty)
     * @param offset absolute stream offset of this traf box's first byte
     * @param tfhdOffset absolute stream offset of its tfhd's first byte
     */
    public Traf {
        Objects.requireNonNull(tfhd, "tfhd");
        truns = List.copyOf(truns);
    }

    /**
     * A track fragment whose tfhd position is not known; errors about the tfhd are reported at
     * the traf.
     *
     * @param tfhd the track fragment header (required)
     * @param tfdt the decode time of the first sample, or {@code null} when absent
     * @param truns the track runs in stored order (may be empty)
     * @param offset absolute stream offset of this traf box's first byte
     */
    public Traf(Tfhd tfhd, Tfdt tfdt, List<Trun> truns, long offset) {
        this(tfhd, tfdt, truns, offset, offset);
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
