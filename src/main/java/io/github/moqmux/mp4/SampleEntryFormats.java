package io.github.moqmux.mp4;

import java.util.List;

/**
 * The sample entry formats the parser decodes, in one list. {@link SampleEntryParser} and the
 * init segment writer ({@link InitSegmentTrak}, which trims entries after their last child box)
 * both look formats up here, so a format missing here is simply unknown everywhere
 * ({@link UnknownSampleEntry}), never half-handled. Each line names a constant that the codec
 * family's configuration record declares; adding a codec adds one line (see README, "Adding a
 * codec"). The importer's codec bindings claim exactly these formats, which its tests check.
 */
public final class SampleEntryFormats {
    /*
     * A holder of its own (not a static of SampleEntryFormat) so that the records' constants,
     * which call SampleEntryFormat's factories, never see this list half-initialised.
     */
    private static final List<SampleEntryFormat> ALL = List.of(
        AvcC.AVC1, AvcC.AVC3,
        HvcC.HVC1, HvcC.HEV1,
        VpcC.VP08, VpcC.VP09,
        Av1C.AV01,
        Esds.MP4A, Esds.DOT_MP3,
        DOps.OPUS,
        DfLa.FLAC,
        Dac3.AC_3,
        Dec3.EC_3);

    private SampleEntryFormats() {
    }

    /** @return every format the parser decodes, in a fixed order */
    public static List<SampleEntryFormat> all() {
        return ALL;
    }

    /**
     * @param type a sample entry's four-character code
     * @return its format, or null when the parser does not know it
     */
    public static SampleEntryFormat find(int type) {
        for (SampleEntryFormat format : ALL) {
            if (format.type() == type) {
                return format;
            }
        }
        return null;
    }
}
