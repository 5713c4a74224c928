package io.github.moqmux.mp4;

/**
 * A media header box ({@code mdhd}).
 *
 * @param version   0 (32-bit times) or 1 (64-bit times)
 * @param timescale ticks per second of the track's media time
 * @param duration  duration in {@code timescale} ticks, or -1 when unknown
 * @param language  ISO 639-2/T code such as {@code "eng"}, or {@code "und"} when the field does not
 *                  hold a packed ISO code (e.g. QuickTime Macintosh language codes)
 */
public record Mdhd(int version, long timescale, long duration, String language) {
}
