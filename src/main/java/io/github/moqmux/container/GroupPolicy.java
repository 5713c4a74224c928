package io.github.moqmux.container;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.TrackProducer;
import java.util.Objects;

/**
 * Decides where one track's groups begin and end (DESIGN §5): {@link KeyframeGroups} for video,
 * {@link DurationGroups} for audio. A policy owns the ending of its track: {@link #finish()} and
 * {@link #abort(Throwable)} end the open group and then the track, once.
 *
 * <pre>{@code
 * GroupPolicy groups = video ? new KeyframeGroups(track) : new DurationGroups(track);
 * GroupProducer group = groups.groupFor(keyframe, ptsMicros);   // null: no keyframe yet
 * ... write the frame ...
 * groups.frameWritten(ptsMicros);
 * }</pre>
 *
 * <p>The policy only decides group boundaries; what goes into a frame is the container's job.
 * Not thread-safe: one producer thread drives it.
 */
public abstract sealed class GroupPolicy permits KeyframeGroups, DurationGroups {
    private final TrackProducer track;
    /** The open group, or null; cleared only after its finish() succeeds, so abort can still reach it. */
    private GroupProducer open;
    private boolean ended;

    GroupPolicy(TrackProducer track) {
        this.track = Objects.requireNonNull(track, "track");
    }

    /**
     * Returns the group the next frame belongs in, finishing and appending groups as the policy
     * says.
     *
     * @param keyframe        whether the frame is a sync sample
     * @param timestampMicros the frame's presentation time (audio)
     * @return the group, or {@code null} when the frame must be dropped (video before its first
     *     keyframe, audio that is not a sync sample while no group is open)
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} after {@link #finish()} or
     *     {@link #abort(Throwable)}
     */
    public abstract GroupProducer groupFor(boolean keyframe, long timestampMicros);

    /**
     * Records that a frame was written to the group {@link #groupFor(boolean, long)} returned. The
     * default does nothing; {@link DurationGroups} closes a group that is full.
     *
     * @param timestampMicros the frame's presentation time
     */
    public void frameWritten(long timestampMicros) {
    }

    /** @return the track this policy groups */
    public final TrackProducer track() {
        return track;
    }

    /** @return the open group, or {@code null} when none is open */
    public final GroupProducer current() {
        return open;
    }

    /** Finishes the open group, if any, and then the track. Idempotent. */
    public final void finish() {
        if (open != null) {
            finishOpen();
        }
        ended = true;
        track.finish();
    }

    /**
     * Aborts the open group, if any, and the track. Idempotent.
     *
     * @param cause why the track ended; subscribers see it
     */
    public final void abort(Throwable cause) {
        ended = true;
        GroupProducer group = open;
        open = null;
        if (group != null) {
            group.abort(cause);
        }
        track.abort(cause);
    }

    /** Appends a new group and makes it the open one. */
    final GroupProducer appendOpen() {
        open = track.appendGroup();
        return open;
    }

    /** Finishes the open group; it is forgotten only once its finish() returned. */
    final void finishOpen() {
        open.finish();
        open = null;
    }

    final void checkNotEnded() {
        if (ended) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                    "track " + track.info().name() + " already ended; no more groups");
        }
    }
}
