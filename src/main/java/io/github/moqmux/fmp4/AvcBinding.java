package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.VideoCodec;
import io.github.moqmux.mp4.AvcC;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.VisualSampleEntry;
import java.util.List;

/** H.264: {@code avc1}/{@code avc3} with {@code avcC}, which is also the WebCodecs description. */
final class AvcBinding implements VideoBinding {
    @Override
    public List<Integer> sampleEntryTypes() {
        return List.of(FourCC.AVC1, FourCC.AVC3);
    }

    @Override
    public Decoder decoder(VisualSampleEntry entry) {
        AvcC avcc = TrackConfigs.require(entry.config(), AvcC.class, "avcC", entry);
        return new Decoder(new VideoCodec.H264(entry.format() == FourCC.AVC3, avcc.profile(),
            avcc.profileCompatibility(), avcc.level()), avcc.body());
    }
}
