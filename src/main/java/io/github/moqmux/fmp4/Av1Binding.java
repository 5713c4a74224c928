package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.VideoCodec;
import io.github.moqmux.mp4.Av1C;
import io.github.moqmux.mp4.Colr;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.SampleEntryFormat;
import io.github.moqmux.mp4.VisualSampleEntry;
import java.util.List;

/**
 * AV1: {@code av01} with {@code av1C} (or, when that box is empty, the first in-band sequence
 * header: see {@link TrackSetup}); colour from {@code colr}; no description.
 */
final class Av1Binding implements VideoBinding {
    @Override
    public List<SampleEntryFormat> formats() {
        return List.of(Av1C.AV01);
    }

    @Override
    public Decoder decoder(VisualSampleEntry entry) {
        Av1C av1c = TrackConfigs.require(entry.config(), Av1C.class, "av1C", entry);
        // AV1-ISOBMFF §2.3.3 / DESIGN §9.4: bit depth comes from high_bitdepth and twelve_bit, not the tier.
        int bitDepth = av1c.highBitdepth() ? (av1c.twelveBit() ? 12 : 10) : 8;
        int primaries = 1;
        int transfer = 1;
        int matrix = 1;
        boolean fullRange = false;
        Colr colr = entry.colr();
        if (colr != null && colr.colourType() == FourCC.NCLX) {
            primaries = TrackConfigs.specified(colr.colourPrimaries());
            transfer = TrackConfigs.specified(colr.transferCharacteristics());
            matrix = TrackConfigs.specified(colr.matrixCoefficients());
            fullRange = colr.fullRange();
        }
        return new Decoder(new VideoCodec.Av1(av1c.seqProfile(), av1c.seqLevelIdx0(), av1c.seqTier0(), bitDepth,
            av1c.monochrome(), av1c.chromaSubsamplingX() ? 1 : 0, av1c.chromaSubsamplingY() ? 1 : 0,
            av1c.chromaSamplePosition(), primaries, transfer, matrix, fullRange), null);
    }
}
