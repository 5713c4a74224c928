package io.github.moqmux.fmp4;

import io.github.moqmux.container.LegacyFrame;
import io.github.moqmux.lite.TrackProducer;
import io.netty.buffer.ByteBuf;

/** The legacy container: one MoQ frame per sample, a varint timestamp then the sample bytes. */
final class LegacyOutput extends TrackOutput {

    LegacyOutput(TrackProducer track, TrackKind kind, long maxAudioGroupDurationMicros) {
        super(track, kind, maxAudioGroupDurationMicros);
    }

    @Override
    void beginFragment(SampleBatch batch, int from, MdatContext context) {
        // Frames are per sample: nothing to prepare.
    }

    @Override
    void sample(SampleBatch batch, int index, ByteBuf bytes) {
        long ts = batch.timestamp[index];
        // The slice's reference passes to the group with the frame; the input is never copied,
        // and the group gets header and payload in one call with the frame's timestamp.
        LegacyFrame.writeWhole(group(batch.keyframe[index], ts), ts, bytes);
        written(ts);
    }

    @Override
    void endFragment(SampleBatch batch, int from) {
        // Nothing spans samples.
    }
}
