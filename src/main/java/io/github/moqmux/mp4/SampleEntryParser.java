package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import java.util.List;

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
        SampleEntryFormats.Format format = SampleEntryFormats.find(type);
        if (format == null) {
            return new UnknownSampleEntry(type, offset);
        }
        return format.layout() == SampleEntryFormats.Layout.VISUAL
            ? visual(it.payload(), format, offset)
            : audio(it.payload(), format, stsdVersion, offset);
    }

    private static VisualSampleEntry visual(Span p, SampleEntryFormats.Format format, long offset) {
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
                config = (VideoCodecConfig) format.parseConfig().apply(it.payload());
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

    private static AudioSampleEntry audio(Span p, SampleEntryFormats.Format format, int stsdVersion, long offset) {
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
                config = (AudioCodecConfig) format.parseConfig().apply(it.payload());
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
                        config = (AudioCodecConfig) format.parseConfig().apply(w.payload());
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

    static AvcC avcC(Span p) {
        byte[] body = p.all();
        int version = p.u8("configurationVersion");
        int profile = p.u8("AVCProfileIndication");
        int compat = p.u8("profile_compatibility");
        int level = p.u8("AVCLevelIndication");
        int lengthSizeMinusOne = p.u8("lengthSizeMinusOne") & 0x3;
        int spsCount = p.u8("numOfSequenceParameterSets") & 0x1F;
        byte[][] sps = new byte[spsCount][];
        for (int i = 0; i < spsCount; i++) {
            sps[i] = p.bytes(p.u16("sequenceParameterSetLength"), "sequenceParameterSetNALUnit");
        }
        int ppsCount = p.u8("numOfPictureParameterSets");
        byte[][] pps = new byte[ppsCount][];
        for (int i = 0; i < ppsCount; i++) {
            pps[i] = p.bytes(p.u16("pictureParameterSetLength"), "pictureParameterSetNALUnit");
        }
        return new AvcC(version, profile, compat, level, lengthSizeMinusOne, List.of(sps), List.of(pps), body);
    }

    static HvcC hvcC(Span p) {
        byte[] body = p.all();
        int version = p.u8("configurationVersion");
        int b = p.u8("general_profile_space, tier and profile_idc");
        long compat = p.u32("general_profile_compatibility_flags");
        byte[] constraints = p.bytes(6, "general_constraint_indicator_flags");
        int level = p.u8("general_level_idc");
        p.skip(2 + 1 + 1 + 1 + 1 + 2, "segmentation, parallelism, chroma, bit depths and frame rate");
        int lengthSizeMinusOne = p.u8("lengthSizeMinusOne") & 0x3;
        int arrays = p.u8("numOfArrays");
        for (int i = 0; i < arrays; i++) {
            p.u8("NAL_unit_type");
            int nalus = p.u16("numNalus");
            for (int j = 0; j < nalus; j++) {
                p.skip(p.u16("nalUnitLength"), "nalUnit");
            }
        }
        return new HvcC(version, b >>> 6, (b & 0x20) != 0, b & 0x1F, compat, constraints, level,
                lengthSizeMinusOne, body);
    }

    static VpcC vpcC(Span p) {
        int version = p.fullBoxHeader() >>> 24;
        if (version == 1) {
            int profile = p.u8("profile");
            int level = p.u8("level");
            int b = p.u8("bitDepth, chromaSubsampling and videoFullRangeFlag");
            int cp = p.u8("colourPrimaries");
            int tc = p.u8("transferCharacteristics");
            int mc = p.u8("matrixCoefficients");
            byte[] init = initData(p);
            return new VpcC(1, profile, level, b >>> 4, (b >> 1) & 0x7, (b & 1) != 0, cp, tc, mc, init);
        }
        if (version == 0) {
            int profile = p.u8("profile");
            int level = p.u8("level");
            int b = p.u8("bitDepth and colorSpace");
            int c = p.u8("chromaSubsampling, transferFunction and videoFullRangeFlag");
            byte[] init = initData(p);
            int[] cicp = colourSpaceToCicp(b & 0xF);
            return new VpcC(0, profile, level, b >>> 4, c >>> 4, (c & 1) != 0, cicp[0], cicp[1], cicp[2],
                    init);
        }
        throw new MoqMuxException(Kind.UNSUPPORTED, p.abs(p.start), "'vpcC' version " + version
                + " is not supported");
    }

    /** Some writers omit the size of the (always empty for VP8/VP9) initialization data. */
    private static byte[] initData(Span p) {
        if (p.remaining() == 0) {
            return new byte[0];
        }
        return p.bytes(p.u16("codecIntializationDataSize"), "codecIntializationData");
    }

    /** Maps the VP9 color_space of vpcC version 0 to colour primaries, transfer, matrix. */
    private static int[] colourSpaceToCicp(int colorSpace) {
        return switch (colorSpace) {
            case 1, 3 -> new int[] {6, 6, 6};     // BT.601, SMPTE 170M
            case 2 -> new int[] {1, 1, 1};        // BT.709
            case 4 -> new int[] {7, 7, 7};        // SMPTE 240M
            case 5 -> new int[] {9, 14, 9};       // BT.2020
            case 7 -> new int[] {1, 13, 0};       // sRGB
            default -> new int[] {2, 2, 2};       // unknown: "unspecified"
        };
    }

    static Av1C av1C(Span p) {
        if (p.remaining() == 0) {
            // libaom with ffmpeg's empty_moov writes an av1C box with no record at all: treated as
            // absent, the importer reads the configuration from the in-band sequence header.
            return null;
        }
        int b0 = p.u8("marker and version");
        if ((b0 & 0x80) == 0) {
            throw p.malformedAt(p.start, "marker bit is 0");
        }
        if ((b0 & 0x7F) != 1) {
            throw new MoqMuxException(Kind.UNSUPPORTED, p.abs(p.start), "'av1C' version " + (b0 & 0x7F)
                    + " is not supported");
        }
        int b1 = p.u8("seq_profile and seq_level_idx_0");
        int b2 = p.u8("tier, bit depth, monochrome and chroma fields");
        p.u8("initial_presentation_delay");
        return new Av1C(b1 >>> 5, b1 & 0x1F, (b2 & 0x80) != 0, (b2 & 0x40) != 0, (b2 & 0x20) != 0,
                (b2 & 0x10) != 0, (b2 & 0x08) != 0, (b2 & 0x04) != 0, b2 & 0x3, p.rest());
    }

    static DOps dOps(Span p) {
        int version = p.u8("Version");
        if (version != 0) {
            throw new MoqMuxException(Kind.UNSUPPORTED, p.abs(p.start), "'dOps' version " + version
                    + " is not supported");
        }
        int channels = p.u8("OutputChannelCount");
        int preSkip = p.u16("PreSkip");
        long inputRate = p.u32("InputSampleRate");
        short gain = (short) p.u16("OutputGain");
        int family = p.u8("ChannelMappingFamily");
        if (family == 0) {
            return new DOps(0, channels, preSkip, inputRate, gain, 0, 1, channels == 2 ? 1 : 0, new byte[0]);
        }
        int streams = p.u8("StreamCount");
        int coupled = p.u8("CoupledCount");
        byte[] mapping = p.bytes(channels, "ChannelMapping");
        return new DOps(0, channels, preSkip, inputRate, gain, family, streams, coupled, mapping);
    }

    // ---- esds (ISO/IEC 14496-1 descriptors) ----

    private static final int ES_DESCRIPTOR = 3;
    private static final int DECODER_CONFIG_DESCRIPTOR = 4;
    private static final int DECODER_SPECIFIC_INFO = 5;

    static Esds esds(Span p) {
        p.fullBoxHeader();
        Span es = descriptor(p, ES_DESCRIPTOR);
        if (es == null) {
            throw p.malformedAt(p.start, "no ES_Descriptor");
        }
        es.u16("ES_ID");
        int flags = es.u8("ES_Descriptor flags");
        if ((flags & 0x80) != 0) {
            es.skip(2, "dependsOn_ES_ID");
        }
        if ((flags & 0x40) != 0) {
            es.skip(es.u8("URLlength"), "URLstring");
        }
        if ((flags & 0x20) != 0) {
            es.skip(2, "OCR_ES_Id");
        }
        Span dc = descriptor(es, DECODER_CONFIG_DESCRIPTOR);
        if (dc == null) {
            throw es.malformedAt(es.start, "ES_Descriptor has no DecoderConfigDescriptor");
        }
        int oti = dc.u8("objectTypeIndication");
        int streamType = dc.u8("streamType") >>> 2;
        long bufferSize = dc.u24("bufferSizeDB");
        long maxBitrate = dc.u32("maxBitrate");
        long avgBitrate = dc.u32("avgBitrate");
        Span dsi = descriptor(dc, DECODER_SPECIFIC_INFO);
        return new Esds(oti, streamType, bufferSize, maxBitrate, avgBitrate, dsi == null ? null : dsi.rest());
    }

    /**
     * Skips descriptors until one with the tag; returns a reader over its body, or null when the
     * span ends first.
     */
    private static Span descriptor(Span p, int tag) {
        while (p.remaining() > 0) {
            int t = p.u8("descriptor tag");
            int size = 0;
            for (int i = 0; ; i++) {
                if (i == 4) {
                    throw p.malformed("descriptor size longer than 4 bytes");
                }
                int b = p.u8("descriptor size");
                size = (size << 7) | (b & 0x7F);
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            Span body = p.sub(size, "descriptor with tag " + t);
            if (t == tag) {
                return body;
            }
        }
        return null;
    }
}
