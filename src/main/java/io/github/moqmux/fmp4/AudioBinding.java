package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Container;
import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.SampleEntryFormat;
import java.util.List;

/**
 * What the importer knows about one audio codec family: which sample entries it reads and how one
 * becomes a catalog rendition (codec string, sample rate, channels, bitrate, description). The
 * families are listed once, in {@link CodecBindings}.
 */
interface AudioBinding {
    /**
     * @return the sample entry formats this family reads, as its configuration records declare
     *     them (e.g. {@code DfLa.FLAC})
     */
    List<SampleEntryFormat> formats();

    /** @return how the family is named in "supported: …" messages, e.g. {@code "fLaC (FLAC)"} */
    String supported();

    /**
     * Entries of a type several families share ({@code mp4a} holds AAC or MP3) are told apart
     * here; the first binding of {@link CodecBindings#AUDIO} that handles an entry takes it.
     *
     * @param entry an audio sample entry
     * @return whether this family reads it
     */
    default boolean handles(AudioSampleEntry entry) {
        return formats().stream().anyMatch(f -> f.type() == entry.format());
    }

    /**
     * @param entry     an entry this family {@link #handles(AudioSampleEntry) handles}
     * @param container the frame container of the rendition
     * @return the audio rendition, without jitter
     * @throws io.github.moqmux.MoqMuxException at the entry when its configuration is missing or
     *     unusable
     */
    AudioConfig rendition(AudioSampleEntry entry, Container container);
}
