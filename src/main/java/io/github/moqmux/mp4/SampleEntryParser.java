package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;

/**
 * Parses sample entries of {@code stsd} and the codec configuration boxes inside them.
 */
final class SampleEntryParser {
    /** Bytes between a visual sample entry's header and its first child box. */
    static final int VISUAL_FIXED = 78;
    /** Bytes between a version 0 audio sample entry's header and its first child box. */
    static final int AUDIO_FIXED = 28;

    private SampleEntryParser() {
    }

    static SampleEntry parse(ChildIter it, int stsdVersion) {
        long offset = it.offset();
        int type = it.type();
        if (type == FourCC.ENCV || type == FourCC.ENCA) {
            return ProtectionInfo.entry(it.payload(), type == FourCC.ENCA, offset);
        }
        SampleEntryFormat format = SampleEntryFormats.find(type);
        if (format == null) {
            return new UnknownSampleEntry(type, offset);
        }
        return format.layout() == SampleEntryFormat.Layout.VISUAL
            ? visual(it.payload(), format, offset)
            : audio(it.payload(), format, stsdVersion, offset);
    }

    private static VisualSampleEntry visual(Span p, SampleEntryFormat format, long offset) {
        int configType = format.configType();
        p.skip(6 + 2 + 16, "reserved, data_reference_index and pre_defined");
        int width = p.u16("width");
        int height = p.u16("height");
        p.skip(VISUAL_FIXED - 28, "resolution, frame_count, compressorname and depth");
        VideoCodecConfig config = null;
        Pasp pasp = null;
        Colr colr = null;
        Btrt btrt = null;
        ChildIter it = p.children();
        while (it.next()) {
            int t = it.type();
            if (t == configType && config == null) {
                config = (VideoCodecConfig) format.parseConfig(it.payload());
            } else if (t == FourCC.PASP && pasp == null) {
                Span c = it.payload();
                pasp = new Pasp(c.u32("hSpacing"), c.u32("vSpacing"));
            } else if (t == FourCC.COLR && (colr == null || !colr.hasCodePoints())) {
                // Files may carry an ICC profile and code points side by side; the code points
                // are what codec strings and players use.
                Colr c = colr(it.payload());
                if (colr == null || c.hasCodePoints()) {
                    colr = c;
                }
            } else if (t == FourCC.BTRT && btrt == null) {
                btrt = btrt(it.payload());
            }
        }
        return new VisualSampleEntry(p.type, width, height, config, pasp, colr, btrt, offset);
    }

    private static AudioSampleEntry audio(Span p, SampleEntryFormat format, int stsdVersion, long offset) {
        int configType = format.configType();
        p.skip(6 + 2, "reserved and data_reference_index");
        int versionAt = p.pos;
        int version = p.u16("entry version");
        p.skip(6, "revision and vendor");
        int channelCount = p.u16("channelcount");
        int sampleSize = p.u16("samplesize");
        p.skip(4, "pre_defined and reserved");
        long sampleRate = p.u32("samplerate") >>> 16;
        if (version == 1 && stsdVersion == 0) {
            // QuickTime sound description version 1: samples per packet, bytes per packet, bytes
            // per frame, bytes per sample. (ISO AudioSampleEntryV1 lives in stsd version 1 and
            // adds nothing here.)
            p.skip(16, "QuickTime version 1 fields");
        } else if (version == 2) {
            p.skip(4, "sizeOfStructOnly");
            int rateAt = p.pos;
            double rate = Double.longBitsToDouble(p.i64("audioSampleRate"));
            if (!(rate >= 0 && rate <= 0xFFFFFFFFL)) {
                throw p.malformedAt(rateAt, "QuickTime version 2 sample rate " + rate + " is out of range");
            }
            sampleRate = (long) rate;
            int channelsAt = p.pos;
            long channels = p.u32("numAudioChannels");
            if (channels > 0xFFFF) {
                throw p.malformedAt(channelsAt, "QuickTime version 2 channel count " + channels + " is out of range");
            }
            channelCount = (int) channels;
            p.skip(4, "always7F000000");
            long bits = p.u32("constBitsPerChannel");
            sampleSize = (int) Math.min(bits, 0xFFFF);
            p.skip(12, "formatSpecificFlags, constBytesPerAudioPacket and constLPCMFramesPerAudioPacket");
        } else if (version > 2) {
            throw new MoqMuxException(Kind.UNSUPPORTED, p.abs(versionAt), "'" + FourCC.toString(p.type)
                    + "': audio sample entry version " + version + " is not supported");
        }
        AudioCodecConfig config = null;
        Btrt btrt = null;
        ChildIter it = p.children();
        while (it.next()) {
            int t = it.type();
            if (configType != 0 && t == configType && config == null) {
                config = (AudioCodecConfig) format.parseConfig(it.payload());
            } else if (t == FourCC.BTRT && btrt == null) {
                btrt = btrt(it.payload());
            } else if (t == FourCC.SRAT) {
                Span c = it.payload();
                c.fullBoxHeader();
                sampleRate = c.u32("sampling_rate");
            } else if (t == FourCC.WAVE && configType != 0 && config == null) {
                // QuickTime version 1 entries keep their configuration (mp4a: the esds) inside a
                // 'wave' box.
                ChildIter w = it.payload().children();
                while (w.next()) {
                    if (w.type() == configType) {
                        config = (AudioCodecConfig) format.parseConfig(w.payload());
                        break;
                    }
                }
            }
        }
        return new AudioSampleEntry(p.type, channelCount, sampleSize, sampleRate, config, btrt, offset);
    }

    private static Btrt btrt(Span p) {
        return new Btrt(p.u32("bufferSizeDB"), p.u32("maxBitrate"), p.u32("avgBitrate"));
    }

    private static Colr colr(Span p) {
        int type = p.i32("colour_type");
        if (type == FourCC.NCLX || type == FourCC.NCLC) {
            int cp = p.u16("colour_primaries");
            int tc = p.u16("transfer_characteristics");
            int mc = p.u16("matrix_coefficients");
            boolean full = type == FourCC.NCLX && (p.u8("full_range_flag") & 0x80) != 0;
            return new Colr(type, cp, tc, mc, full);
        }
        return new Colr(type, 0, 0, 0, false);
    }
}
