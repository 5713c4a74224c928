package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.VideoCodec;
import io.github.moqmux.mp4.SampleEntryFormat;
import io.github.moqmux.mp4.VisualSampleEntry;
import io.github.moqmux.mp4.VpcC;
import java.util.List;

/** VP9: {@code vp09} with {@code vpcC}; no description. */
final class Vp9Binding implements VideoBinding {
    @Override
    public List<SampleEntryFormat> formats() {
        return List.of(VpcC.VP09);
    }

    @Override
    public Decoder decoder(VisualSampleEntry entry) {
        VpcC vpcc = TrackConfigs.require(entry.config(), VpcC.class, "vpcC", entry);
        return new Decoder(new VideoCodec.Vp9(vpcc.profile(), vpcc.level(), vpcc.bitDepth(), vpcc.chromaSubsampling(),
            TrackConfigs.specified(vpcc.colourPrimaries()), TrackConfigs.specified(vpcc.transferCharacteristics()),
            TrackConfigs.specified(vpcc.matrixCoefficients()), vpcc.videoFullRangeFlag()), null);
    }
}
