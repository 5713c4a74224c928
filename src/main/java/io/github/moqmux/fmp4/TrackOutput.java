package io.github.moqmux.fmp4;

import io.github.moqmux.container.DurationGroups;
import io.github.moqmux.container.KeyframeGroups;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.TrackProducer;

/**
 * Publishes a track's samples into its MoQ track: decides group boundaries (keyframes for video,
 * duration for audio, DESIGN §5) and leaves the frame encoding to the container subclass.
 */
abstract sealed class TrackOutput permits LegacyOutput, CmafOutput {
    private final TrackProducer track;
    private final KeyframeGroups keyframeGroups;
    private final DurationGroups durationGroups;
    private GroupProducer current;
    private long groupCount;
    private long frameCount;
    private boolean ended;

    TrackOutput(TrackProducer track, TrackKind kind, long maxAudioGroupDurationMicros) {
        this.track = track;
        this.keyframeGroups = kind == TrackKind.VIDEO ? new KeyframeGroups(track) : null;
        this.durationGroups = kind == TrackKind.AUDIO ? new DurationGroups(track, maxAudioGroupDurationMicros) : null;
    }

    /**
     * Publishes samples {@code from} to the end of the batch.
     *
     * @param batch   the resolved samples of one track fragment
     * @param from    index of the first sample to publish (earlier ones were dropped)
     * @param context where the bytes are
     */
    abstract void write(SampleBatch batch, int from, MdatContext context);

    /** @return the MoQ track written to */
    final TrackProducer track() {
        return track;
    }

    /**
     * @param keyframe whether the next frame starts a group (video)
     * @param timestampMicros the next frame's timestamp (audio)
     * @return the group the next frame goes into
     */
    final GroupProducer group(boolean keyframe, long timestampMicros) {
        GroupProducer group = keyframeGroups != null
            ? keyframeGroups.groupFor(keyframe)
            : durationGroups.groupFor(timestampMicros);
        if (group != current) {
            current = group;
            groupCount++;
        }
        return group;
    }

    /** Tells the audio policy a frame was written, so it can close a group that is full. */
    final void written(long timestampMicros) {
        frameCount++;
        if (durationGroups != null) {
            durationGroups.frameWritten(timestampMicros);
        }
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
        if (keyframeGroups != null) {
            keyframeGroups.finish();
        } else {
            durationGroups.finish();
        }
    }

    /** Aborts the open group and the track. Idempotent; a no-op after {@link #finish()}. */
    final void abort(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        if (keyframeGroups != null) {
            keyframeGroups.abort(cause);
        } else {
            durationGroups.abort(cause);
        }
    }
}
