package io.github.moqmux.mp4;

/**
 * The decoder configuration box of a video sample entry.
 */
public sealed interface VideoCodecConfig permits AvcC, HvcC, VpcC, Av1C {
}
