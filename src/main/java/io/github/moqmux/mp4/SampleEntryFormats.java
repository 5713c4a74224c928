package io.github.moqmux.mp4;

import java.util.List;

/**
 * The sample entry formats the parser reads, in one list: which layout each has (visual or audio)
 * and which child box holds its decoder configuration. {@link SampleEntryParser} and the init
 * segment writer ({@link InitSegmentTrak}, which trims entries after their last child box) both
 * look formats up here, so a format missing here is simply unknown everywhere, never half-handled.
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
     * @param type       the sample entry's four-character code
     * @param layout     its fixed-field layout
     * @param configType the child box with the decoder configuration
     */
    record Format(int type, Layout layout, int configType) {
    }

    static final List<Format> ALL = List.of(
        new Format(FourCC.AVC1, Layout.VISUAL, FourCC.AVCC),
        new Format(FourCC.AVC3, Layout.VISUAL, FourCC.AVCC),
        new Format(FourCC.HVC1, Layout.VISUAL, FourCC.HVCC),
        new Format(FourCC.HEV1, Layout.VISUAL, FourCC.HVCC),
        new Format(FourCC.VP08, Layout.VISUAL, FourCC.VPCC),
        new Format(FourCC.VP09, Layout.VISUAL, FourCC.VPCC),
        new Format(FourCC.AV01, Layout.VISUAL, FourCC.AV1C),
        new Format(FourCC.MP4A, Layout.AUDIO, FourCC.ESDS),
        new Format(FourCC.OPUS, Layout.AUDIO, FourCC.DOPS));

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
