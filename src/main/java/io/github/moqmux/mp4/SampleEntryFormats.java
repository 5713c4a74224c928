package io.github.moqmux.mp4;

import java.util.List;
import java.util.function.Function;

/**
 * The sample entry formats the parser reads, in one list: which layout each has (visual or audio),
 * which child box holds its decoder configuration and which method parses that box.
 * {@link SampleEntryParser} and the init segment writer ({@link InitSegmentTrak}, which trims
 * entries after their last child box) both look formats up here, so a format missing here is
 * simply unknown everywhere, never half-handled.
 * Adding a codec adds one line (see README, "Adding a codec").
 */
final class SampleEntryFormats {
    /** How a sample entry's fixed fields are laid out before its child boxes. */
    enum Layout {
        /** VisualSampleEntry: 78 bytes of fixed fields (ISO/IEC 14496-12 §12.1.3). */
        VISUAL,
        /** AudioSampleEntry, versions 0–2 (ISO/IEC 14496-12 §12.2.3, QuickTime sound descriptions). */
        AUDIO
    }

    /**
     * @param type        the sample entry's four-character code
     * @param layout      its fixed-field layout
     * @param configType  the child box with the decoder configuration, 0 when the format has none
     * @param parseConfig reads that box's payload into a {@link VideoCodecConfig} (visual layout) or
     *                    an {@link AudioCodecConfig} (audio layout); null when there is no box
     */
    record Format(int type, Layout layout, int configType, Function<Span, ?> parseConfig) {
    }

    static final List<Format> ALL = List.of(
        video(FourCC.AVC1, FourCC.AVCC, SampleEntryParser::avcC),
        video(FourCC.AVC3, FourCC.AVCC, SampleEntryParser::avcC),
        video(FourCC.HVC1, FourCC.HVCC, SampleEntryParser::hvcC),
        video(FourCC.HEV1, FourCC.HVCC, SampleEntryParser::hvcC),
        video(FourCC.VP08, FourCC.VPCC, SampleEntryParser::vpcC),
        video(FourCC.VP09, FourCC.VPCC, SampleEntryParser::vpcC),
        video(FourCC.AV01, FourCC.AV1C, SampleEntryParser::av1C),
        audio(FourCC.MP4A, FourCC.ESDS, SampleEntryParser::esds),
        audio(FourCC.OPUS, FourCC.DOPS, SampleEntryParser::dOps),
        audio(FourCC.FLAC, FourCC.DFLA, DfLa::parse),
        audio(FourCC.MP3, 0, null),
        audio(FourCC.AC_3, FourCC.DAC3, Dac3::parse),
        audio(FourCC.EC_3, FourCC.DEC3, Dec3::parse));

    private static Format video(int type, int configType, Function<Span, ? extends VideoCodecConfig> parser) {
        return new Format(type, Layout.VISUAL, configType, parser);
    }

    private static Format audio(int type, int configType, Function<Span, ? extends AudioCodecConfig> parser) {
        return new Format(type, Layout.AUDIO, configType, parser);
    }

    private SampleEntryFormats() {
    }

    /**
     * @param type a sample entry's four-character code
     * @return its format, or null when the parser does not know it
     */
    static Format find(int type) {
        for (Format format : ALL) {
            if (format.type() == type) {
                return format;
            }
        }
        return null;
    }
}
