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
public final class KeyframeGroups extends GroupPolicy {

    /**
     * @param track the track whose groups this policy opens and finishes; it is finished or
     *     aborted through {@link #finish()} / {@link #abort(Throwable)}
     */
    public KeyframeGroups(TrackProducer track) {
        super(track);
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
        checkNotEnded();
        if (keyframe) {
            if (current() != null) {
                finishOpen();
            }
            return appendOpen();
        }
        return current();
    }

    /**
     * Same as {@link #groupFor(boolean)}; the timestamp does not matter to video grouping.
     *
     * @param keyframe        whether the frame is a sync sample
     * @param timestampMicros ignored
     * @return see {@link #groupFor(boolean)}
     */
    @Override
    public GroupProducer groupFor(boolean keyframe, long timestampMicros) {
        return groupFor(keyframe);
    }
}
