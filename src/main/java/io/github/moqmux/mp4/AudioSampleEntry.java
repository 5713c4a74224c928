package io.github.moqmux.mp4;

/**
 * An audio sample entry of a format the parser knows (one of {@link SampleEntryFormats#all()} with
 * the audio layout, e.g. {@code mp4a} or {@code fLaC}).
 *
 * @param format       the sample entry type
 * @param channelCount channel count (from the QuickTime version 2 extension when present)
 * @param sampleSize   bits per sample
 * @param sampleRate   samples per second: the integer part of the 16.16 field, or the value of the
 *                     QuickTime version 2 extension or of an {@code srat} box when present
 * @param config       the decoder configuration box of the format, the record its
 *                     {@link SampleEntryFormat} declares (for {@code mp4a} the elementary stream
 *                     descriptor, also found inside a QuickTime {@code wave} box), or {@code null}
 *                     when absent or when the format has none ({@code .mp3})
 * @param btrt         bit rates, or {@code null} when absent
 * @param offset       absolute stream offset of the entry's first byte, for errors about it
 */
public record AudioSampleEntry(int format, int channelCount, int sampleSize, long sampleRate, AudioCodecConfig config,
        Btrt btrt, long offset) implements SampleEntry {
    /** @return the elementary stream descriptor, or {@code null} when the configuration is not one */
    public Esds esds() {
        return config instanceof Esds e ? e : null;
    }

    /** @return the Opus specific box, or {@code null} when the configuration is not one */
    public DOps dops() {
        return config instanceof DOps d ? d : null;
    }

    /**
     * Compares the content; {@link #offset()} says where it was read and is left out, as in
     * {@link SampleTable}.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof AudioSampleEntry e && format == e.format && channelCount == e.channelCount && sampleSize == e.sampleSize && sampleRate == e.sampleRate
                && java.util.Objects.equals(config, e.config)
                && java.util.Objects.equals(btrt, e.btrt);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(format, channelCount, sampleSize, sampleRate, config, btrt);
    }
}
