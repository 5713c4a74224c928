package io.github.moqmux.fmp4;

import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.publish.TrackPublisher;
import io.netty.buffer.ByteBuf;

/**
 * Writes a track's samples in its container, on top of the track's {@link TrackPublisher} (which
 * owns the group policy, the stats and the rendition state). {@link LegacyOutput} hands each sample
 * to the publisher; {@link CmafOutput} frames whole fragments itself and only counts samples there.
 *
 * <p>A track fragment is published as {@link #beginFragment}, then {@link #sample} for each sample
 * in order as soon as its bytes are present, then {@link #endFragment}.
 */
abstract sealed class TrackOutput permits LegacyOutput, CmafOutput {
    final TrackPublisher publisher;
    private boolean ended;

    TrackOutput(TrackPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Starts publishing samples {@code from} to the end of the batch; their bytes follow.
     *
     * @param batch   the resolved samples of one track fragment
     * @param from    index of the first sample to publish (earlier ones were dropped)
     * @param context the fragment's boxes
     */
    abstract void beginFragment(SampleBatch batch, int from, MdatContext context);

    /**
     * Publishes one sample of the fragment begun last.
     *
     * @param batch the batch given to {@link #beginFragment}
     * @param index the sample's index, in order
     * @param bytes the sample's bytes, ownership passing to this output; null when
     *              {@link #needsSampleBytes()} said no (the bytes went out with the whole fragment)
     */
    abstract void sample(SampleBatch batch, int index, ByteBuf bytes);

    /**
     * @return whether consecutive samples whose bytes lie back to back may come to
     *     {@link #sampleRun} in one buffer (one slice per run instead of one per sample)
     */
    boolean takesRuns() {
        return false;
    }

    /**
     * Publishes samples {@code from} to {@code to} (exclusive) of the fragment begun last, in
     * order, whose bytes lie back to back in {@code bytes}. Only called when {@link #takesRuns()}.
     *
     * @param batch the batch given to {@link #beginFragment}
     * @param from  the first sample's index
     * @param to    one past the last sample's index
     * @param bytes the samples' bytes; ownership passes to this output
     */
    void sampleRun(SampleBatch batch, int from, int to, ByteBuf bytes) {
        bytes.release();
        throw new UnsupportedOperationException("this output takes one sample at a time");
    }

    /**
     * @return whether {@link #sample} needs each sample's bytes in the fragment begun last; false
     *     when the fragment's bytes already went out whole, so no slice per sample is made
     */
    boolean needsSampleBytes() {
        return true;
    }

    /**
     * Ends the fragment begun last, after its last sample.
     *
     * @param batch the batch given to {@link #beginFragment}
     * @param from  the {@code from} given to {@link #beginFragment}
     */
    abstract void endFragment(SampleBatch batch, int from);

    /** Drops a fragment that cannot be completed, before the group and track are aborted. */
    void abortFragment(Throwable cause) {
    }

    /** @return how many groups were started */
    abstract long groupCount();

    /** @return how many frames were written */
    abstract long frameCount();

    /** Finishes the open group and the track. Idempotent. */
    final void finish() {
        if (ended) {
            return;
        }
        ended = true;
        publisher.finish();
    }

    /** Aborts the open fragment, group and track. Idempotent; a no-op after {@link #finish()}. */
    final void abort(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        abortFragment(cause);
        publisher.abort(cause);
    }

    /** Counts groups as a container that writes its own frames opens them. */
    static final class GroupCounter {
        private GroupProducer current;
        long groups;
        long frames;

        GroupProducer counted(GroupProducer group) {
            if (group != current) {
                current = group;
                groups++;
            }
            return group;
        }
    }
}
