package io.github.moqmux.fmp4;

import io.github.moqmux.publish.TrackPublisher;
import io.netty.buffer.ByteBuf;

/**
 * The legacy container's adapter: one MoQ frame per sample, a varint timestamp then the sample
 * bytes, written by the track's {@link TrackPublisher} with {@link io.github.moqmux.container.LegacyFrame}.
 */
final class LegacyOutput extends TrackOutput {

    LegacyOutput(TrackPublisher publisher) {
        super(publisher);
    }

    @Override
    void beginFragment(SampleBatch batch, int from, MdatContext context) {
        // Frames are per sample: nothing to prepare.
    }

    @Override
    void sample(SampleBatch batch, int index, ByteBuf bytes) {
        // The slice's reference passes to the publisher with the frame; the input is never copied.
        publisher.sample(batch.timestamp[index], batch.keyframe[index], batch.duration[index], bytes);
    }

    @Override
    void endFragment(SampleBatch batch, int from) {
        // Nothing spans samples.
    }

    @Override
    long groupCount() {
        return publisher.groupCount();
    }

    @Override
    long frameCount() {
        return publisher.frameCount();
    }
}
