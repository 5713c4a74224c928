package io.github.moqmux.mp4;

/**
 * One entry of a sample description box ({@code stsd}).
 */
public sealed interface SampleEntry permits VisualSampleEntry, AudioSampleEntry, EncryptedSampleEntry,
        UnknownSampleEntry {
    /** @return the sample entry type, e.g. the code of {@link AvcC#AVC1} */
    int format();

    /** @return the absolute stream offset of the entry's first byte, for errors about it */
    long offset();
}
