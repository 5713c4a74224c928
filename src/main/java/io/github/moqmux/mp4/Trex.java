package io.github.moqmux.mp4;

/**
 * A track extends box ({@code trex}): the per-track defaults of the fragments. All values are
 * unsigned 32 bits except the flags.
 *
 * @param trackId                       the track these defaults apply to
 * @param defaultSampleDescriptionIndex 1-based index into the track's sample entries
 * @param defaultSampleDuration         default sample duration in media timescale ticks
 * @param defaultSampleSize             default sample size in bytes
 * @param defaultSampleFlags            default sample flags (ISO/IEC 14496-12 §8.8.3.1)
 */
public record Trex(long trackId, long defaultSampleDescriptionIndex, long defaultSampleDuration,
        long defaultSampleSize, int defaultSampleFlags) {
}
