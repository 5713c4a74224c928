package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.VideoCodec;
import io.github.moqmux.mp4.AvcC;
import io.github.moqmux.mp4.SampleEntryFormat;
import io.github.moqmux.mp4.VisualSampleEntry;
import java.util.List;

/** H.264: {@code avc1}/{@code avc3} with {@code avcC}, which is also the WebCodecs description. */
final class AvcBinding implements VideoBinding {
    @Override
    public List<SampleEntryFormat> formats() {
        return List.of(AvcC.AVC1, AvcC.AVC3);
    }

    @Override
    public Decoder decoder(VisualSampleEntry entry) {
        AvcC avcc = TrackConfigs.require(entry.config(), AvcC.class, "avcC", entry);
        return new Decoder(new VideoCodec.H264(entry.format() == AvcC.AVC3.type(), avcc.profile(),
            avcc.profileCompatibility(), avcc.level()), avcc.body());
    }
}
