package io.github.moqmux.mp4;

/**
 * The decoder configuration box of an audio sample entry, as {@link VideoCodecConfig} is for
 * video: one record per codec family (e.g. {@link Esds}, {@link DfLa}), so a new codec adds a record
 * instead of a field to {@link AudioSampleEntry}.
 *
 * <p>Not sealed: nothing switches over the families (readers test for the record they expect,
 * e.g. {@code entry.config() instanceof DfLa d}), so a permits list would only be one more place
 * to edit when a codec is added. The parser produces only the records its formats declare
 * ({@link SampleEntryFormats#all()}).
 */
public interface AudioCodecConfig {
}
