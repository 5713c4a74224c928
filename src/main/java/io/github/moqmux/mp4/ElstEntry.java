package io.github.moqmux.mp4;

/**
 * One entry of an edit list box ({@code elst}).
 *
 * @param segmentDuration   duration of this edit in movie ({@code mvhd}) timescale ticks
 * @param mediaTime         start of the edit in media ({@code mdhd}) timescale ticks, or -1 for an
 *                          empty edit; version 0 values are sign-extended from 32 bits, so
 *                          {@code 0xFFFFFFFF} becomes -1
 * @param mediaRateInteger  integer part of the playback rate (signed)
 * @param mediaRateFraction fraction part of the playback rate (signed 16 bits)
 */
public record ElstEntry(long segmentDuration, long mediaTime, int mediaRateInteger, int mediaRateFraction) {
    /** @return whether this is an empty edit (a gap before the media starts) */
    public boolean isEmpty() {
        return mediaTime == -1;
    }
}
