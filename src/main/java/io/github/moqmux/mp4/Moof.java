package io.github.moqmux.mp4;

import java.util.List;

/**
 * A movie fragment box ({@code moof}).
 *
 * @param offset         absolute stream offset of the moof's first byte (the base of
 *                       default-base-is-moof data offsets)
 * @param size           total box size including the header
 * @param sequenceNumber the {@code mfhd} sequence number, 0 when {@code mfhd} is absent
 * @param trafs          the track fragments in stored order
 */
public record Moof(long offset, long size, long sequenceNumber, List<Traf> trafs) {
    /**
     * Copies the list.
     *
     * @param offset absolute stream offset of the moof's first byte (the base of
     *     default-base-is-moof data offsets)
     * @param size total box size including the header
     * @param sequenceNumber the {@code mfhd} sequence number, 0 when {@code mfhd} is absent
     * @param trafs the track fragments in stored order
     */
    public Moof {
        trafs = List.copyOf(trafs);
    }

    /** @return absolute stream offset just past the moof */
    public long end() {
        return offset + size;
    }
}
