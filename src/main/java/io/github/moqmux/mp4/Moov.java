package io.github.moqmux.mp4;

import java.util.List;
import java.util.Objects;

/**
 * A movie box ({@code moov}): the global header, the tracks and, for fragmented files, the
 * fragment defaults.
 *
 * @param mvhd  the movie header (always present; its absence is an error)
 * @param traks the tracks in stored order
 * @param mvex  the movie extends box, or {@code null} when absent (not a fragmented file)
 */
public record Moov(Mvhd mvhd, List<Trak> traks, Mvex mvex) {
    /**
     * Copies the track list.
     *
     * @param mvhd the movie header (always present; its absence is an error)
     * @param traks the tracks in stored order
     * @param mvex the movie extends box, or {@code null} when absent (not a fragmented file)
     */
    public Moov {
        Objects.requireNonNull(mvhd, "mvhd");
        traks = List.copyOf(traks);
    }

    /**
     * Finds the defaults of a track.
     *
     * @param trackId the track id
     * @return the {@code trex} of that track, or {@code null} if there is none
     */
    public Trex trex(long trackId) {
        return mvex == null ? null : mvex.trex(trackId);
    }
}
