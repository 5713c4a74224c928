package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.VideoCodec;
import io.github.moqmux.mp4.HvcC;
import io.github.moqmux.mp4.SampleEntryFormat;
import io.github.moqmux.mp4.VisualSampleEntry;
import java.util.List;

/** H.265: {@code hvc1}/{@code hev1} with {@code hvcC}, which is also the WebCodecs description. */
final class HevcBinding implements VideoBinding {
    @Override
    public List<SampleEntryFormat> formats() {
        return List.of(HvcC.HVC1, HvcC.HEV1);
    }

    @Override
    public Decoder decoder(VisualSampleEntry entry) {
        HvcC hvcc = TrackConfigs.require(entry.config(), HvcC.class, "hvcC", entry);
        return new Decoder(new VideoCodec.H265(entry.format() == HvcC.HEV1.type(), hvcc.profileSpace(), hvcc.profileIdc(),
            hvcc.profileCompatibilityFlags(), hvcc.tierFlag(), hvcc.levelIdc(), hvcc.constraintIndicatorFlags()),
            hvcc.body());
    }
}
