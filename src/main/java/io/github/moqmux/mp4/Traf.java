package io.github.moqmux.mp4;

import java.util.List;
import java.util.Objects;

/**
 * A track fragment box ({@code traf}).
 *
 * @param tfhd        the track fragment header (required)
 * @param tfdt        the decode time of the first sample, or {@code null} when absent
 * @param truns       the track runs in stored order (may be empty)
 * @param offset      absolute stream offset of this traf box's first byte
 * @param tfhdOffset  absolute stream offset of the {@code tfhd} box, where errors about the
 *                    values it declares are reported
 * @param trunOffsets absolute stream offset of each {@code trun} box, in the order of
 *                    {@code truns}; read it with {@link #trunOffset(int)}
 */
public record Traf(Tfhd tfhd, Tfdt tfdt, List<Trun> truns, long offset, long tfhdOffset, long[] trunOffsets) {
    /**
     * Copies the list and the offsets.
     *
     * @param tfhd        the track fragment header (required)
     * @param tfdt        the decode time of the first sample, or {@code null} when absent
     * @param truns       the track runs in stored order (may be empty)
     * @param offset      absolute stream offset of this traf box's first byte
     * @param tfhdOffset  absolute stream offset of the {@code tfhd} box
     * @param trunOffsets absolute stream offset of each {@code trun} box, one per run
     */
    public Traf {
        Objects.requireNonNull(tfhd, "tfhd");
        truns = List.copyOf(truns);
        trunOffsets = trunOffsets.clone();
        if (trunOffsets.length != truns.size()) {
            throw new IllegalArgumentException(trunOffsets.length + " trun offsets for " + truns.size() + " truns");
        }
    }

    /**
     * A traf whose child boxes' offsets are not known: they are reported at the traf.
     *
     * @param tfhd   the track fragment header (required)
     * @param tfdt   the decode time of the first sample, or {@code null} when absent
     * @param truns  the track runs in stored order (may be empty)
     * @param offset absolute stream offset of this traf box's first byte
     */
    public Traf(Tfhd tfhd, Tfdt tfdt, List<Trun> truns, long offset) {
        this(tfhd, tfdt, truns, offset, offset, filled(truns.size(), offset));
    }

    private static long[] filled(int n, long value) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /**
     * @param r index of a run in {@link #truns()}
     * @return the absolute stream offset of that {@code trun} box
     */
    public long trunOffset(int r) {
        return trunOffsets[r];
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
