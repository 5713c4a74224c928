package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.AudioCodec;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Container;
import io.github.moqmux.catalog.VideoCodec;
import io.github.moqmux.catalog.VideoConfig;
import io.github.moqmux.mp4.Av1C;
import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.AvcC;
import io.github.moqmux.mp4.Btrt;
import io.github.moqmux.mp4.Colr;
import io.github.moqmux.mp4.DOps;
import io.github.moqmux.mp4.Esds;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.HvcC;
import io.github.moqmux.mp4.Pasp;
import io.github.moqmux.mp4.VideoCodecConfig;
import io.github.moqmux.mp4.VisualSampleEntry;
import io.github.moqmux.mp4.VpcC;

/**
 * Turns a track's sample entry into its catalog rendition: codec string, decoder description,
 * sizes, rates and bitrate (DESIGN §3.2, §3.4). Jitter and framerate come later, from samples.
 */
final class TrackConfigs {
    /** Opus always decodes at 48 kHz (RFC 7845 §5.1); the dOps input rate is informational only. */
    private static final int OPUS_SAMPLE_RATE = 48_000;

    private TrackConfigs() {
    }

    /**
     * @param entry     the visual sample entry
     * @param container the frame container of the rendition
     * @param offset    absolute offset of the moov, for errors
     * @return the video rendition, without jitter and framerate
     */
    static VideoConfig video(VisualSampleEntry entry, Container container, long offset) {
        try {
            return videoUnchecked(entry, container, offset);
        } catch (IllegalArgumentException e) {
            throw outOfRange(entry.format(), offset, e);
        }
    }

    private static VideoConfig videoUnchecked(VisualSampleEntry entry, Container container, long offset) {
        int format = entry.format();
        if (entry.width() <= 0 || entry.height() <= 0) {
            throw new MoqMuxException(Kind.MALFORMED, offset, "'" + FourCC.toString(format) + "' sample entry has a size of "
                + entry.width() + "x" + entry.height() + "; a decoder cannot be configured for it");
        }
        VideoCodecConfig config = entry.config();
        VideoCodec codec;
        byte[] description = null;
        if (format == FourCC.AVC1 || format == FourCC.AVC3) {
            AvcC avcc = require(config, AvcC.class, "avcC", entry, offset);
            codec = new VideoCodec.H264(format == FourCC.AVC3, avcc.profile(), avcc.profileCompatibility(), avcc.level());
            description = avcc.body();
        } else if (format == FourCC.HVC1 || format == FourCC.HEV1) {
            HvcC hvcc = require(config, HvcC.class, "hvcC", entry, offset);
            codec = new VideoCodec.H265(format == FourCC.HEV1, hvcc.profileSpace(), hvcc.profileIdc(),
                hvcc.profileCompatibilityFlags(), hvcc.tierFlag(), hvcc.levelIdc(), hvcc.constraintIndicatorFlags());
            description = hvcc.body();
        } else if (format == FourCC.VP08) {
            codec = new VideoCodec.Vp8();
        } else if (format == FourCC.VP09) {
            VpcC vpcc = require(config, VpcC.class, "vpcC", entry, offset);
            codec = new VideoCodec.Vp9(vpcc.profile(), vpcc.level(), vpcc.bitDepth(), vpcc.chromaSubsampling(),
                specified(vpcc.colourPrimaries()), specified(vpcc.transferCharacteristics()),
                specified(vpcc.matrixCoefficients()), vpcc.videoFullRangeFlag());
        } else if (format == FourCC.AV01) {
            codec = av1(require(config, Av1C.class, "av1C", entry, offset), entry.colr());
        } else {
            throw new MoqMuxException(Kind.UNSUPPORTED, offset,
                "unsupported video codec '" + FourCC.toString(format)
                    + "' (supported: avc1, avc3, hvc1, hev1, vp08, vp09, av01)");
        }
        Integer aspectWidth = null;
        Integer aspectHeight = null;
        Pasp pasp = entry.pasp();
        if (pasp != null && pasp.hSpacing() > 0 && pasp.vSpacing() > 0 && entry.width() > 0 && entry.height() > 0) {
            long w = entry.width() * pasp.hSpacing();
            long h = entry.height() * pasp.vSpacing();
            long gcd = gcd(w, h);
            if (w / gcd <= Integer.MAX_VALUE && h / gcd <= Integer.MAX_VALUE) {
                aspectWidth = (int) (w / gcd);
                aspectHeight = (int) (h / gcd);
            }
        }
        return new VideoConfig(codec, description, entry.width(), entry.height(), aspectWidth, aspectHeight,
            bitrate(entry.btrt()), null, null, container, null);
    }

    private static VideoCodec av1(Av1C av1c, Colr colr) {
        // AV1-ISOBMFF §2.3.3 / DESIGN §9.4: bit depth comes from high_bitdepth and twelve_bit, not the tier.
        int bitDepth = av1c.highBitdepth() ? (av1c.twelveBit() ? 12 : 10) : 8;
        int primaries = 1;
        int transfer = 1;
        int matrix = 1;
        boolean fullRange = false;
        if (colr != null && colr.colourType() == FourCC.of("nclx")) {
            primaries = specified(colr.colourPrimaries());
            transfer = specified(colr.transferCharacteristics());
            matrix = specified(colr.matrixCoefficients());
            fullRange = colr.fullRange();
        }
        return new VideoCodec.Av1(av1c.seqProfile(), av1c.seqLevelIdx0(), av1c.seqTier0(), bitDepth,
            av1c.monochrome(), av1c.chromaSubsamplingX() ? 1 : 0, av1c.chromaSubsamplingY() ? 1 : 0,
            av1c.chromaSamplePosition(), primaries, transfer, matrix, fullRange);
    }

    /**
     * @param entry     the audio sample entry
     * @param container the frame container of the rendition
     * @param offset    absolute offset of the moov, for errors
     * @return the audio rendition, without jitter
     */
    static AudioConfig audio(AudioSampleEntry entry, Container container, long offset) {
        try {
            return audioUnchecked(entry, container, offset);
        } catch (IllegalArgumentException e) {
            throw outOfRange(entry.format(), offset, e);
        }
    }

    /**
     * A value the catalog model refuses (a bit depth of 7, say) came from the file. The model's
     * message says which; the exception itself is not kept as the cause, because it is no failure
     * of this library, only of the input.
     */
    private static MoqMuxException outOfRange(int format, long offset, IllegalArgumentException e) {
        return new MoqMuxException(Kind.MALFORMED, offset, "'" + FourCC.toString(format)
            + "' sample entry holds a value out of range for the catalog: " + e.getMessage());
    }

    private static AudioConfig audioUnchecked(AudioSampleEntry entry, Container container, long offset) {
        int format = entry.format();
        if (format == FourCC.MP4A) {
            return aac(entry, container, offset);
        }
        if (format == FourCC.OPUS) {
            DOps dops = entry.dops();
            if (dops == null) {
                throw new MoqMuxException(Kind.MISSING_BOX, offset, "Opus sample entry has no dOps box");
            }
            if (dops.outputChannelCount() <= 0) {
                throw new MoqMuxException(Kind.MALFORMED, offset, "Opus dOps declares 0 output channels");
            }
            return new AudioConfig(new AudioCodec.Opus(), OPUS_SAMPLE_RATE, dops.outputChannelCount(),
                bitrate(entry.btrt()), OpusHead.fromDops(dops), container, null);
        }
        throw new MoqMuxException(Kind.UNSUPPORTED, offset,
            "unsupported audio codec '" + FourCC.toString(format) + "' (supported: mp4a, Opus)");
    }

    private static AudioConfig aac(AudioSampleEntry entry, Container container, long offset) {
        Esds esds = entry.esds();
        if (esds == null) {
            throw new MoqMuxException(Kind.MISSING_BOX, offset, "mp4a sample entry has no esds box");
        }
        int oti = esds.objectTypeIndication();
        if (oti != 0x40 && oti != 0x67) {
            throw new MoqMuxException(Kind.UNSUPPORTED, offset, String.format(
                "unsupported mp4a object type indication 0x%02x (supported: 0x40 MPEG-4 audio, 0x67 MPEG-2 AAC-LC)", oti));
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
        // Only an average is published as declared: a maximum alone can be far from the truth
        // (2.2 kbit/s declared for 35 measured); the importer measures those (declaresOnlyMaximumBitrate).
        Long bitrate = esds.avgBitrate() > 0 ? Long.valueOf(esds.avgBitrate())
            : entry.btrt() != null && entry.btrt().avgBitrate() > 0 ? Long.valueOf(entry.btrt().avgBitrate()) : null;
        if (sampleRate <= 0 || channels <= 0) {
            throw new MoqMuxException(Kind.MALFORMED, offset, "AAC track has " + sampleRate + " Hz and " + channels
                + " channel(s) in both its AudioSpecificConfig and its sample entry");
        }
        return new AudioConfig(new AudioCodec.Aac(oti, parsed.audioObjectType()), sampleRate, channels, bitrate,
            asc, container, null);
    }

    /**
     * Maps the ISO/IEC 23091-2 code point 2, "unspecified", to 1 (BT.709), the default of the VP9
     * and AV1 codec strings. "Unspecified" tells a decoder nothing, so it must not force the long
     * codec-string form: ffmpeg writes 2 into every vpcC it cannot fill, and mp4box.js (whose
     * strings DESIGN §3.2 asks us to equal) reports those files in the short form. Colour that is
     * really signalled (BT.2020, PQ, full range…) still yields the long form.
     */
    private static int specified(int codePoint) {
        return codePoint == 2 ? 1 : codePoint;
    }

    /**
     * @return whether an AAC entry declares a maximum bitrate but no average (esds and btrt): its
     *     rendition then carries the measured bitrate once known, not the maximum
     */
    static boolean declaresOnlyMaximumBitrate(AudioSampleEntry entry) {
        Esds esds = entry.esds();
        Btrt btrt = entry.btrt();
        boolean average = esds != null && esds.avgBitrate() > 0 || btrt != null && btrt.avgBitrate() > 0;
        boolean maximum = esds != null && esds.maxBitrate() > 0 || btrt != null && btrt.maxBitrate() > 0;
        return entry.format() == FourCC.MP4A && maximum && !average;
    }

    private static Long bitrate(Btrt btrt) {
        if (btrt == null) {
            return null;
        }
        if (btrt.avgBitrate() > 0) {
            return btrt.avgBitrate();
        }
        return btrt.maxBitrate() > 0 ? btrt.maxBitrate() : null;
    }

    private static <T extends VideoCodecConfig> T require(VideoCodecConfig config, Class<T> type, String box,
                                                          VisualSampleEntry entry, long offset) {
        if (!type.isInstance(config)) {
            throw new MoqMuxException(Kind.MISSING_BOX, offset, "'" + FourCC.toString(entry.format())
                + "' sample entry has no " + box + " box");
        }
        return type.cast(config);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
