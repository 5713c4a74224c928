package io.github.moqmux.mp4;

import java.util.List;

/**
 * A movie extends box ({@code mvex}): its presence marks a fragmented file.
 *
 * @param trex the track extends boxes in stored order
 */
public record Mvex(List<Trex> trex) {
    /**
     * Copies the list.
     *
     * @param trex the track extends boxes in stored order
     */
    public Mvex {
        trex = List.copyOf(trex);
    }

    /**
     * Finds the defaults of a track.
     *
     * @param trackId the track id
     * @return the first {@code trex} with that track id, or {@code null}
     */
    public Trex trex(long trackId) {
        for (Trex t : trex) {
            if (t.trackId() == trackId) {
                return t;
            }
        }
        return null;
    }
}
