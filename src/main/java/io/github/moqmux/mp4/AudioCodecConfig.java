package io.github.moqmux.mp4;

/**
 * The decoder configuration box of an audio sample entry, as {@link VideoCodecConfig} is for
 * video: one record per codec family, so a new codec adds a record here instead of a field to
 * {@link AudioSampleEntry}.
 */
public sealed interface AudioCodecConfig permits Esds, DOps, DfLa, Dac3, Dec3 {
}
