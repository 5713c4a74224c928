package io.github.moqmux.mp4;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A track box ({@code trak}).
 *
 * @param tkhd           the track header
 * @param editList       the entries of {@code edts/elst}; empty when the track has no edit list
 * @param mdia           the media box
 * @param initSegmentTrak the {@code trak} as a fragmented track's init segment carries it: without
 *                       {@code edts}, with empty {@code stts}/{@code stsc}/{@code stsz}/{@code stco}
 *                       in place of the sample tables, every other box's bytes unchanged and in
 *                       stored order, under 8-byte headers; shared, must not be modified
 */
public record Trak(Tkhd tkhd, List<ElstEntry> editList, Mdia mdia, byte[] initSegmentTrak) {
    /**
     * Copies the edit list.
     *
     * @param tkhd the track header
     * @param editList the entries of {@code edts/elst}; empty when the track has no edit list
     * @param mdia the media box
     * @param initSegmentTrak the init segment's {@code trak}: no {@code edts}, emptied sample tables
     */
    public Trak {
        Objects.requireNonNull(tkhd, "tkhd");
        Objects.requireNonNull(mdia, "mdia");
        Objects.requireNonNull(initSegmentTrak, "initSegmentTrak");
        editList = List.copyOf(editList);
    }

    /** @return the track id from the track header */
    public long trackId() {
        return tkhd.trackId();
    }

    /** @return the handler type from the media box, e.g. {@link FourCC#VIDE} or {@link FourCC#SOUN} */
    public int handlerType() {
        return mdia.hdlr().handlerType();
    }

    /** Compares all fields, the raw bytes by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Trak t && tkhd.equals(t.tkhd) && editList.equals(t.editList) && mdia.equals(t.mdia)
                && Arrays.equals(initSegmentTrak, t.initSegmentTrak);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(tkhd, editList, mdia) * 31 + Arrays.hashCode(initSegmentTrak);
    }

    /** @return the fields and the raw size */
    @Override
    public String toString() {
        return "Trak[" + tkhd + ", editList=" + editList + ", " + mdia + ", " + initSegmentTrak.length + " bytes]";
    }
}
