package io.github.moqmux.mp4;

import java.util.Arrays;
import java.util.Objects;

/**
 * A movie header box ({@code mvhd}).
 *
 * @param version   0 (32-bit times) or 1 (64-bit times)
 * @param timescale ticks per second of the movie time scale (edit list segment durations use it)
 * @param duration  movie duration in {@code timescale} ticks, or -1 when unknown (stored as all
 *                  ones, or a 64-bit value above 2^63-1)
 * @param raw       the whole box as stored, header included; shared, must not be modified
 */
public record Mvhd(int version, long timescale, long duration, byte[] raw) {
    /**
     * Checks that the raw bytes are present.
     *
     * @param version 0 (32-bit times) or 1 (64-bit times)
     * @param timescale ticks per second of the movie time scale (edit list segment durations use it)
     * @param duration movie duration in {@code timescale} ticks, or -1 when unknown (stored as all
     *     ones, or a 64-bit value above 2^63-1)
     * @param raw the whole box as stored, header included; shared, must not be modified
     */
    public Mvhd {
        Objects.requireNonNull(raw, "raw");
    }

    /** Compares all fields, the raw bytes by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Mvhd m && version == m.version && timescale == m.timescale && duration == m.duration
                && Arrays.equals(raw, m.raw);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(version, timescale, duration) * 31 + Arrays.hashCode(raw);
    }

    /** @return the fields and the raw size */
    @Override
    public String toString() {
        return "Mvhd[version=" + version + ", timescale=" + timescale + ", duration=" + duration + ", "
                + raw.length + " bytes]";
    }
}
