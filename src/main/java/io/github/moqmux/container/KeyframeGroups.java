package io.github.moqmux.container;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.TrackProducer;
import java.util.Objects;

/**
 * The video group policy (DESIGN §5): every keyframe starts a new group, so that each group can be
 * decoded on its own; other frames join the open group.
 *
 * <pre>{@code
 * KeyframeGroups groups = new KeyframeGroups(broadcast.uniqueTrack(".hang"));
 * for (Sample s : samples) {
 *     GroupProducer group = groups.groupFor(s.keyframe());
 *     if (group == null) {
 *         s.data().release();      // no keyframe yet: undecodable, drop it
 *         continue;
 *     }
 *     LegacyFrame.write(group, s.ptsMicros(), s.data());
 * }
 * groups.finish();
 * }</pre>
 *
 * <p>The policy only decides group boundaries; what goes into a frame is the container's job.
 * Not thread-safe: one producer thread drives it.
 */
public final class KeyframeGroups {
    private final TrackProducer track;
    private GroupProducer open;
    private boolean ended;

    /**
     * @param track the track whose groups this policy opens and finishes; it is finished or
     *     aborted through {@link #finish()} / {@link #abort(Throwable)}
     */
    public KeyframeGroups(TrackProducer track) {
        this.track = Objects.requireNonNull(track, "track");
    }

    /**
     * Returns the group the next frame belongs in.
     *
     * @param keyframe whether the frame is a sync sample
     * @return for a keyframe: a newly appended group (the previously open one is finished first);
     *     otherwise the open group, or {@code null} when no keyframe has been seen yet, in which
     *     case the caller drops the frame
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} after {@link #finish()} or
     *     {@link #abort(Throwable)}
     */
    public GroupProducer groupFor(boolean keyframe) {
        if (ended) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                    "track " + track.info().name() + " already ended; no more groups");
        }
        if (keyframe) {
            if (open != null) {
                // Cleared only after finish() succeeds, so abort() can still reach a group
                // that refused to finish.
                open.finish();
                open = null;
            }
            open = track.appendGroup();
        }
        return open;
    }

    /** @return the open group, or {@code null} before the first keyframe and after the end */
    public GroupProducer current() {
        return open;
    }

    /** Finishes the open group, if any, and then the track. Idempotent. */
    public void finish() {
        if (open != null) {
            open.finish();
            open = null;
        }
        ended = true;
        track.finish();
    }

    /**
     * Aborts the open group, if any, and the track. Idempotent.
     *
     * @param cause why the track ended; subscribers see it
     */
    public void abort(Throwable cause) {
        ended = true;
        GroupProducer group = open;
        open = null;
        if (group != null) {
            group.abort(cause);
        }
        track.abort(cause);
    }
}
