package io.github.moqmux.mp4;

/**
 * A track fragment decode time box ({@code tfdt}).
 *
 * @param version             0 (32-bit field) or 1 (64-bit field)
 * @param baseMediaDecodeTime decode time of the fragment's first sample in media timescale ticks;
 *                            never negative (values of 2^63 and above are rejected when parsing)
 */
public record Tfdt(int version, long baseMediaDecodeTime) {
}
