package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.AudioCodec;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Container;
import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.Esds;
import io.github.moqmux.mp4.SampleEntryFormat;
import java.util.List;

/**
 * MP3: a QuickTime {@code .mp3} entry, or {@code mp4a} with object type 0x6B (MPEG-1 audio) or
 * 0x69 (MPEG-2 audio, the lower rates). Every MP3 frame header carries its own rate and layout, so
 * there is no description; rate and channels come from the sample entry.
 */
final class Mp3Binding implements AudioBinding {
    /** MPEG-1 audio (ISO/IEC 11172-3). */
    private static final int OTI_MPEG1_AUDIO = 0x6B;
    /** MPEG-2 audio, lower sampling frequencies (ISO/IEC 13818-3). */
    private static final int OTI_MPEG2_AUDIO = 0x69;

    @Override
    public List<SampleEntryFormat> formats() {
        return List.of(Esds.DOT_MP3, Esds.MP4A);
    }

    @Override
    public String supported() {
        return ".mp3 and mp4a (MP3: 0x6b, 0x69)";
    }

    @Override
    public boolean handles(AudioSampleEntry entry) {
        if (entry.format() == Esds.DOT_MP3.type()) {
            return true;
        }
        Esds esds = entry.esds();
        return entry.format() == Esds.MP4A.type() && esds != null
            && (esds.objectTypeIndication() == OTI_MPEG1_AUDIO || esds.objectTypeIndication() == OTI_MPEG2_AUDIO);
    }

    @Override
    public AudioConfig rendition(AudioSampleEntry entry, Container container) {
        int[] rateAndChannels = TrackConfigs.entryRateAndChannels(entry, "MP3");
        return new AudioConfig(new AudioCodec.Mp3(), rateAndChannels[0], rateAndChannels[1],
            TrackConfigs.bitrate(entry.esds(), entry.btrt()), null, container, null);
    }
}
