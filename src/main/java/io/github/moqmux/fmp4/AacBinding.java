package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.AudioCodec;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Container;
import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.Esds;
import io.github.moqmux.mp4.SampleEntryFormat;
import java.util.List;

/**
 * AAC: {@code mp4a} with an {@code esds} of object type 0x40 (MPEG-4 audio) or 0x67 (MPEG-2 AAC LC);
 * the AudioSpecificConfig is the WebCodecs description and the truth for rate and channels.
 */
final class AacBinding implements AudioBinding {
    @Override
    public List<SampleEntryFormat> formats() {
        return List.of(Esds.MP4A);
    }

    @Override
    public String supported() {
        return "mp4a (AAC: 0x40, 0x67)";
    }

    @Override
    public AudioConfig rendition(AudioSampleEntry entry, Container container) {
        long offset = entry.offset();
        Esds esds = entry.esds();
        if (esds == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, offset, "mp4a sample entry has no esds box");
        }
        int oti = esds.objectTypeIndication();
        if (oti != AudioCodec.Aac.OTI_MPEG4_AUDIO && oti != AudioCodec.Aac.OTI_MPEG2_AAC_LC) {
            throw new MoqMuxException(Kind.UNSUPPORTED, offset, String.format(
                "unsupported mp4a object type indication 0x%02x (supported: %s)", oti, CodecBindings.supportedAudio()));
        }
        byte[] asc = esds.decoderSpecificInfo();
        if (asc == null || asc.length == 0) {
            throw new MoqMuxException(Kind.MALFORMED, offset,
                "esds has no DecoderSpecificInfo (AudioSpecificConfig); an AAC decoder cannot be configured without it");
        }
        AudioSpecificConfig parsed = AudioSpecificConfig.parse(asc, offset);
        // The AudioSpecificConfig is what the decoder obeys; the sample entry is often a
        // placeholder (ffmpeg writes 2 channels for mono, and 16 bits cannot hold 96 kHz+).
        int sampleRate = parsed.samplingFrequency() > 0 ? parsed.samplingFrequency() : (int) entry.sampleRate();
        int channels = parsed.channelCount() > 0 ? parsed.channelCount() : entry.channelCount();
        if (sampleRate <= 0 || channels <= 0) {
            throw new MoqMuxException(Kind.MALFORMED, offset, "AAC track has " + sampleRate + " Hz and " + channels
                + " channel(s) in both its AudioSpecificConfig and its sample entry");
        }
        return new AudioConfig(new AudioCodec.Aac(oti, parsed.audioObjectType()), sampleRate, channels,
            TrackConfigs.averageBitrate(esds, entry.btrt()), asc, container, null);
    }
}
