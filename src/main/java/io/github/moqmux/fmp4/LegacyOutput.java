package io.github.moqmux.fmp4;

import io.github.moqmux.container.LegacyFrame;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.TrackProducer;

/** The legacy container: one MoQ frame per sample, a varint timestamp then the sample bytes. */
final class LegacyOutput extends TrackOutput {

    LegacyOutput(TrackProducer track, TrackKind kind, long maxAudioGroupDurationMicros) {
        super(track, kind, maxAudioGroupDurationMicros);
    }

    @Override
    void write(SampleBatch batch, int from, MdatContext context) {
        for (int i = from; i < batch.count; i++) {
            long ts = batch.timestamp[i];
            GroupProducer group = group(batch.keyframe[i], ts);
            // The slice's reference passes to the group with the frame; the input is never copied.
            LegacyFrame.write(group, ts, context.retainedSlice(batch.position[i], batch.size[i]));
            written(ts);
        }
    }
}
