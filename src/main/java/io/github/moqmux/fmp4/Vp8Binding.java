package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.VideoCodec;
import io.github.moqmux.mp4.SampleEntryFormat;
import io.github.moqmux.mp4.VisualSampleEntry;
import io.github.moqmux.mp4.VpcC;
import java.util.List;

/** VP8: {@code vp08}; the codec string has no parameters, so {@code vpcC} may be absent. */
final class Vp8Binding implements VideoBinding {
    @Override
    public List<SampleEntryFormat> formats() {
        return List.of(VpcC.VP08);
    }

    @Override
    public Decoder decoder(VisualSampleEntry entry) {
        return new Decoder(new VideoCodec.Vp8(), null);
    }
}
