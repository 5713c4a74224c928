package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.AudioCodec;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Container;
import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.DOps;
import io.github.moqmux.mp4.SampleEntryFormat;
import java.util.List;

/** Opus: {@code Opus} with {@code dOps}, whose OpusHead form is the WebCodecs description. */
final class OpusBinding implements AudioBinding {
    /** Opus always decodes at 48 kHz (RFC 7845 §5.1); the dOps input rate is informational only. */
    private static final int OPUS_SAMPLE_RATE = 48_000;

    @Override
    public List<SampleEntryFormat> formats() {
        return List.of(DOps.OPUS);
    }

    @Override
    public String supported() {
        return "Opus";
    }

    @Override
    public AudioConfig rendition(AudioSampleEntry entry, Container container) {
        DOps dops = entry.dops();
        if (dops == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, entry.offset(), "Opus sample entry has no dOps box");
        }
        if (dops.outputChannelCount() <= 0) {
            throw new MoqMuxException(Kind.MALFORMED, entry.offset(), "Opus dOps declares 0 output channels");
        }
        return new AudioConfig(new AudioCodec.Opus(), OPUS_SAMPLE_RATE, dops.outputChannelCount(),
            TrackConfigs.bitrate(null, entry.btrt()), OpusHead.fromDops(dops), container, null);
    }
}
