package io.github.moqmux.fmp4;

import io.github.moqmux.container.DurationGroups;
import io.github.moqmux.container.GroupPolicy;
import io.github.moqmux.container.KeyframeGroups;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.TrackProducer;
import io.netty.buffer.ByteBuf;

/**
 * Publishes a track's samples into its MoQ track: decides group boundaries (keyframes for video,
 * duration for audio, DESIGN §5) and leaves the frame encoding to the container subclass.
 *
 * <p>A track fragment is published as {@link #beginFragment}, then {@link #sample} for each sample
 * in order as soon as its bytes are present, then {@link #endFragment}.
 */
abstract sealed class TrackOutput permits LegacyOutput, CmafOutput {
    private final GroupPolicy groups;
    private GroupProducer current;
    private long groupCount;
    private long frameCount;
    private boolean ended;

    TrackOutput(TrackProducer track, TrackKind kind, long maxAudioGroupDurationMicros) {
        this.groups = kind == TrackKind.VIDEO ? new KeyframeGroups(track)
            : new DurationGroups(track, maxAudioGroupDurationMicros);
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
     * @param bytes the sample's bytes; ownership passes to this output
     */
    abstract void sample(SampleBatch batch, int index, ByteBuf bytes);

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

    /**
     * @param keyframe whether the next frame starts a group (video)
     * @param timestampMicros the next frame's timestamp (audio)
     * @return the group the next frame goes into
     */
    final GroupProducer group(boolean keyframe, long timestampMicros) {
        GroupProducer group = groups.groupFor(keyframe, timestampMicros);
        if (group != current) {
            current = group;
            groupCount++;
        }
        return group;
    }

    /** Counts a written frame and tells the audio policy, so it can close a group that is full. */
    final void written(long timestampMicros) {
        frameCount++;
        groups.frameWritten(timestampMicros);
    }

    /** @return how many groups were started */
    final long groupCount() {
        return groupCount;
    }

    /** @return how many frames were written */
    final long frameCount() {
        return frameCount;
    }

    /** Finishes the open group and the track. Idempotent. */
    final void finish() {
        if (ended) {
            return;
        }
        ended = true;
        groups.finish();
    }

    /** Aborts the open fragment, group and track. Idempotent; a no-op after {@link #finish()}. */
    final void abort(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        abortFragment(cause);
        groups.abort(cause);
    }
}
