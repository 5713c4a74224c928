package io.github.moqmux.mp4;

/**
 * A video sample entry of a supported format ({@code avc1}, {@code avc3}, {@code hvc1},
 * {@code hev1}, {@code vp08}, {@code vp09}, {@code av01}).
 *
 * @param format the sample entry type
 * @param width  coded width in pixels
 * @param height coded height in pixels
 * @param config the codec configuration matching the format ({@code avcC} for avc1/avc3,
 *               {@code hvcC} for hvc1/hev1, {@code vpcC} for vp08/vp09, {@code av1C} for av01), or
 *               {@code null} when that box is absent (e.g. a {@code vp08} entry without
 *               {@code vpcC})
 * @param pasp   pixel aspect ratio, or {@code null} when absent
 * @param colr   colour information (an {@code nclx}/{@code nclc} one when there are several), or
 *               {@code null} when absent
 * @param btrt   bit rates, or {@code null} when absent
 */
public record VisualSampleEntry(int format, int width, int height, VideoCodecConfig config, Pasp pasp, Colr colr,
        Btrt btrt) implements SampleEntry {
}
