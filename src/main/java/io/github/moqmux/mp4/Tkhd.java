package io.github.moqmux.mp4;

/**
 * A track header box ({@code tkhd}).
 *
 * @param version  0 (32-bit times) or 1 (64-bit times)
 * @param flags    the 24 flag bits (0x1 enabled, 0x2 in movie, 0x4 in preview)
 * @param trackId  the track id (unsigned 32 bits)
 * @param duration duration in movie timescale ticks, or -1 when unknown
 * @param width    integer part of the 16.16 presentation width
 * @param height   integer part of the 16.16 presentation height
 */
public record Tkhd(int version, int flags, long trackId, long duration, int width, int height) {
}
