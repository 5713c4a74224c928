package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.AudioCodec;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Container;
import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.DfLa;
import io.github.moqmux.mp4.SampleEntryFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * FLAC: {@code fLaC} with {@code dfLa}. The WebCodecs description is the FLAC stream header,
 * {@code "fLaC"} followed by the metadata blocks; rate and channels come from STREAMINFO.
 */
final class FlacBinding implements AudioBinding {
    private static final byte[] MAGIC = "fLaC".getBytes(StandardCharsets.US_ASCII);

    @Override
    public List<SampleEntryFormat> formats() {
        return List.of(DfLa.FLAC);
    }

    @Override
    public String supported() {
        return "fLaC";
    }

    @Override
    public AudioConfig rendition(AudioSampleEntry entry, Container container) {
        if (!(entry.config() instanceof DfLa dfla)) {
            throw new MoqMuxException(Kind.MISSING_BOX, entry.offset(), "fLaC sample entry has no dfLa box");
        }
        byte[] blocks = dfla.metadataBlocks();
        byte[] description = new byte[MAGIC.length + blocks.length];
        System.arraycopy(MAGIC, 0, description, 0, MAGIC.length);
        System.arraycopy(blocks, 0, description, MAGIC.length, blocks.length);
        if (dfla.sampleRate() <= 0) {
            throw new MoqMuxException(Kind.MALFORMED, entry.offset(), "FLAC STREAMINFO declares a sample rate of 0");
        }
        return new AudioConfig(new AudioCodec.Flac(), dfla.sampleRate(), dfla.channelCount(),
            TrackConfigs.bitrate(null, entry.btrt()), description, container, null);
    }
}
