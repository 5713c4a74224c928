package io.github.moqmux.mp4;

/**
 * The decoder configuration box of a video sample entry: one record per codec family (e.g.
 * {@link AvcC}, {@link Av1C}).
 *
 * <p>Not sealed, for the reason given at {@link AudioCodecConfig}: the parser produces only the
 * records its formats declare ({@link SampleEntryFormats#all()}).
 */
public interface VideoCodecConfig {
}
