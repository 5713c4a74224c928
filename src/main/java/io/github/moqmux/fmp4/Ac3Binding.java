package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.AudioCodec;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Container;
import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.Dac3;
import io.github.moqmux.mp4.Dec3;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.SampleEntryFormat;
import java.util.List;

/**
 * AC-3 ({@code ac-3} with {@code dac3}) and E-AC-3 ({@code ec-3} with {@code dec3}). Writers leave
 * 2 channels in the sample entry whatever the stream carries (ETSI TS 102 366 §F.3 says to ignore
 * it), so rate, channels and bit rate come from the configuration box. No description.
 */
final class Ac3Binding implements AudioBinding {
    /** AC-3 bit rates in kbit/s by bit_rate_code (ETSI TS 102 366 Table F.4.1). */
    private static final int[] AC3_KBPS = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448,
        512, 576, 640};

    @Override
    public List<SampleEntryFormat> formats() {
        return List.of(Dac3.AC_3, Dec3.EC_3);
    }

    @Override
    public String supported() {
        return "ac-3, ec-3";
    }

    @Override
    public AudioConfig rendition(AudioSampleEntry entry, Container container) {
        long offset = entry.offset();
        AudioCodec codec;
        int sampleRate;
        int channels;
        Long bitrate;
        if (entry.format() == Dac3.AC_3.type()) {
            if (!(entry.config() instanceof Dac3 dac3)) {
                throw new MoqMuxException(Kind.MISSING_BOX, offset, "ac-3 sample entry has no dac3 box");
            }
            codec = new AudioCodec.Ac3();
            sampleRate = dac3.sampleRate();
            channels = dac3.channelCount();
            bitrate = dac3.bitRateCode() < AC3_KBPS.length ? Long.valueOf(AC3_KBPS[dac3.bitRateCode()] * 1000L) : null;
        } else {
            if (!(entry.config() instanceof Dec3 dec3)) {
                throw new MoqMuxException(Kind.MISSING_BOX, offset, "ec-3 sample entry has no dec3 box");
            }
            codec = new AudioCodec.Eac3();
            sampleRate = dec3.sampleRate();
            channels = dec3.channelCount();
            bitrate = dec3.dataRate() > 0 ? Long.valueOf(dec3.dataRate() * 1000L) : null;
        }
        if (sampleRate == 0) {
            throw new MoqMuxException(Kind.MALFORMED, offset, "'" + FourCC.toString(entry.format())
                + "' configuration has the reserved sample rate code 3");
        }
        if (bitrate == null) {
            bitrate = TrackConfigs.bitrate(null, entry.btrt());
        }
        return new AudioConfig(codec, sampleRate, channels, bitrate, null, container, null);
    }
}
