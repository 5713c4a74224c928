package io.github.moqmux.mp4;

/**
 * A video sample entry of a format the parser knows (one of {@link SampleEntryFormats#all()} with
 * the visual layout, e.g. {@code avc1} or {@code av01}).
 *
 * @param format the sample entry type
 * @param width  coded width in pixels
 * @param height coded height in pixels
 * @param config the codec configuration its {@link SampleEntryFormat} declares (e.g. {@code avcC}
 *               for avc1/avc3, {@code av1C} for av01), or {@code null} when that box is absent (e.g. a {@code vp08} entry without
 *               {@code vpcC})
 * @param pasp   pixel aspect ratio, or {@code null} when absent
 * @param colr   colour information (an {@code nclx}/{@code nclc} one when there are several), or
 *               {@code null} when absent
 * @param btrt   bit rates, or {@code null} when absent
 * @param offset absolute stream offset of the entry's first byte, for errors about it
 */
public record VisualSampleEntry(int format, int width, int height, VideoCodecConfig config, Pasp pasp, Colr colr,
        Btrt btrt, long offset) implements SampleEntry {
    /**
     * Compares the content; {@link #offset()} says where it was read and is left out, as in
     * {@link SampleTable}.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof VisualSampleEntry e && format == e.format && width == e.width && height == e.height
                && java.util.Objects.equals(config, e.config)
                && java.util.Objects.equals(pasp, e.pasp)
                && java.util.Objects.equals(colr, e.colr)
                && java.util.Objects.equals(btrt, e.btrt);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(format, width, height, config, pasp, colr, btrt);
    }
}
