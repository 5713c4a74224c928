package io.github.moqmux.container;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.TrackProducer;
import java.util.Objects;

/**
 * The audio group policy (DESIGN §5): groups of at most a configured duration (100 ms by
 * default), measured between the first frame's timestamp and the last frame's.
 *
 * <p>The rule, with {@code start} the timestamp of a group's first frame and {@code max} the
 * maximum duration:
 * <ol>
 * <li>{@link #groupFor(long) groupFor(ts)}, before a frame is written: if a group is open and
 *     {@code ts − start ≥ max}, it is finished. If none is open, one is appended and
 *     {@code start = ts}.</li>
 * <li>{@link #frameWritten(long) frameWritten(ts)}, after the n-th frame of the group was
 *     written: if {@code (ts − start) × (n + 1) ≥ max × n}, the group is finished, because the
 *     next frame, at the average spacing so far, would not fit any more.</li>
 * </ol>
 * Step 2 closes groups promptly (a subscriber gets the group end without waiting for the next
 * frame); step 1 catches gaps and irregular spacing.
 *
 * <p>Example: AAC at 48 kHz has 1024-sample frames, 21 333 µs apart. After the 4th frame
 * (ts − start = 64 000) the test is 64 000 × 5 = 320 000 &lt; 400 000, so the group stays open;
 * after the 5th (85 333) it is 85 333 × 6 = 511 998 ≥ 500 000, so the group closes with 5 frames
 * whose timestamps span 85.3 ms (the 6th frame would start 106.7 ms after the first).
 *
 * <pre>{@code
 * DurationGroups groups = new DurationGroups(broadcast.uniqueTrack(".hang"));
 * for (Sample s : samples) {
 *     LegacyFrame.write(groups.groupFor(s.ptsMicros()), s.ptsMicros(), s.data());
 *     groups.frameWritten(s.ptsMicros());
 * }
 * groups.finish();
 * }</pre>
 *
 * <h2>Sync samples</h2>
 * Some audio codecs have frames a decoder cannot start at (xHE-AAC/USAC marks only some samples
 * as sync samples). {@link #groupFor(boolean, long) groupFor(sync, ts)} starts a group only at a
 * sync sample: a sample that is not one joins the open group whatever its duration, and gets
 * {@code null} (the caller drops it) when none is open. Once such a sample was seen, or announced
 * with {@link #expectNonSyncSamples()}, step 2 no longer closes groups, because the next sample
 * might not be able to start one; a group then ends at the first sync sample {@code max} or more
 * after its start. Where every sample is a sync sample nothing of this applies.
 *
 * <p>The arithmetic cannot overflow for any {@code long} timestamps or maximum. Timestamps that
 * go backwards never end a group. Not thread-safe: one producer thread drives it.
 */
public final class DurationGroups extends GroupPolicy {
    /** The default maximum group duration: 100 ms. */
    public static final long DEFAULT_MAX_GROUP_DURATION_MICROS = 100_000;

    private final long maxMicros;
    private long groupStart;
    private long framesInGroup;
    /** Set once a sample that is not a sync sample was seen or announced: groups close lazily. */
    private boolean nonSyncSamples;

    /**
     * Creates the policy with the default maximum of {@value #DEFAULT_MAX_GROUP_DURATION_MICROS} µs.
     *
     * @param track the track whose groups this policy opens and finishes
     */
    public DurationGroups(TrackProducer track) {
        this(track, DEFAULT_MAX_GROUP_DURATION_MICROS);
    }

    /**
     * @param track                  the track whose groups this policy opens and finishes; it is
     *                               finished or aborted through {@link #finish()} /
     *                               {@link #abort(Throwable)}
     * @param maxGroupDurationMicros the maximum span of a group's timestamps, in microseconds
     * @throws IllegalArgumentException if {@code maxGroupDurationMicros} is not positive
     */
    public DurationGroups(TrackProducer track, long maxGroupDurationMicros) {
        super(track);
        if (maxGroupDurationMicros <= 0) {
            throw new IllegalArgumentException("maxGroupDurationMicros must be positive: " + maxGroupDurationMicros);
        }
        this.maxMicros = maxGroupDurationMicros;
    }

    /** @return the configured maximum group duration in microseconds */
    public long maxGroupDurationMicros() {
        return maxMicros;
    }

    /**
     * Returns the group a frame with this timestamp belongs in, finishing the open group first if
     * the frame lies {@code max} or more after its start, and appending a group if none is open.
     *
     * @param timestampMicros the frame's presentation timestamp
     * @return the open group, never {@code null}
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} after {@link #finish()} or
     *     {@link #abort(Throwable)}
     */
    public GroupProducer groupFor(long timestampMicros) {
        checkNotEnded();
        if (current() != null && elapsed(timestampMicros) >= maxMicros) {
            finishOpen();
        }
        if (current() == null) {
            appendOpen();
            groupStart = timestampMicros;
            framesInGroup = 0;
        }
        return current();
    }

    /**
     * Returns the group a frame belongs in: for a sync sample the same as {@link #groupFor(long)};
     * a frame that is not a sync sample cannot start a group and joins the open one.
     *
     * @param keyframe        whether the frame is a sync sample (a decoder can start at it)
     * @param timestampMicros the frame's presentation timestamp
     * @return the open group, or {@code null} for a frame that is not a sync sample when no group
     *     is open, in which case the caller drops the frame
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} after {@link #finish()} or
     *     {@link #abort(Throwable)}
     */
    @Override
    public GroupProducer groupFor(boolean keyframe, long timestampMicros) {
        if (keyframe) {
            return groupFor(timestampMicros);
        }
        checkNotEnded();
        nonSyncSamples = true;
        return current();
    }

    /**
     * Announces that frames which are not sync samples may follow, before the first of them is
     * written: from now on a group is never closed right after a frame (the next frame might
     * not be able to start a group), only by the next sync sample that lies {@code max} or more
     * after the group's start.
     */
    public void expectNonSyncSamples() {
        nonSyncSamples = true;
    }

    /**
     * Records that a frame with this timestamp was written to the group returned by
     * {@link #groupFor(long)}, and finishes the group when the next frame would exceed the
     * maximum duration.
     *
     * @param timestampMicros the timestamp passed to {@link #groupFor(long)}
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if no group is open
     */
    @Override
    public void frameWritten(long timestampMicros) {
        checkNotEnded();
        if (current() == null) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                    "frameWritten without groupFor on track " + track().info().name());
        }
        framesInGroup++;
        if (!nonSyncSamples && nextFrameWouldOverflow(elapsed(timestampMicros), framesInGroup)) {
            finishOpen();
        }
    }

    /**
     * Evaluates {@code elapsed × (n + 1) ≥ max × n} without overflow.
     *
     * @param elapsed ts − start, saturated
     * @param n       frames in the group so far, at least 1
     */
    private boolean nextFrameWouldOverflow(long elapsed, long n) {
        if (elapsed < 0) {
            return false;
        }
        if (elapsed >= maxMicros) {
            return true;
        }
        // With 0 ≤ e < max: e(n+1) ≥ max·n ⇔ e ≥ (max − e)·n ⇔ n ≤ ⌊e / (max − e)⌋, and
        // max − e is positive and cannot overflow.
        return n <= elapsed / (maxMicros - elapsed);
    }

    private long elapsed(long timestampMicros) {
        long d = timestampMicros - groupStart;
        // Overflow happened iff both operands' signs differ from the result's; saturate instead.
        if (((timestampMicros ^ groupStart) & (timestampMicros ^ d)) < 0) {
            return timestampMicros < groupStart ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return d;
    }
}
