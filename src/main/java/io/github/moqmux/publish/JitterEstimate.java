package io.github.moqmux.publish;

/**
 * The buffer a player needs for one track, in milliseconds rounded up, from the timestamps in the
 * order they are published. It only ever grows: a short fragment must not shrink the buffer players
 * keep (the reference kept the minimum, so players stuttered).
 *
 * <p>Both definitions add the track's frame step: the smallest positive difference between
 * consecutive timestamps seen so far.
 * <ul>
 *   <li>{@link Mode#FRAGMENT} (DESIGN §6, whole-{@code mdat} publishing): samples arrive a fragment
 *       at a time, so a player must buffer the fragment's span ({@code max ts - min ts}).</li>
 *   <li>{@link Mode#REORDER} (progressive publishing): each sample arrives as soon as it is
 *       encoded, in decode order, so a player only waits for reordering: the largest amount by
 *       which a sample's timestamp lies behind the largest timestamp published before it (0 without
 *       B-frames; two B-frames at 30 fps give 66.7 ms).</li>
 * </ul>
 *
 * <pre>{@code
 * JitterEstimate jitter = new JitterEstimate(JitterEstimate.Mode.REORDER);
 * for (long ts : fragmentTimestamps) jitter.sample(ts);
 * if (jitter.endFragment()) catalog.setJitter(jitter.millis());
 * }</pre>
 */
final class JitterEstimate {
    /** Which publishing pattern the estimate describes. */
    enum Mode {
        /** Samples are published a whole fragment at a time. */
        FRAGMENT,
        /** Samples are published one by one as their bytes arrive. */
        REORDER
    }

    private final Mode mode;
    private long minStep = Long.MAX_VALUE;
    private long previous = -1;
    private long largestSoFar = Long.MIN_VALUE;
    private long fragmentMin = Long.MAX_VALUE;
    private long fragmentMax = Long.MIN_VALUE;
    private long fragmentReorder;
    private boolean fragmentHasSamples;
    private long millis = -1;

    JitterEstimate(Mode mode) {
        this.mode = mode;
    }

    /** Records the next sample's timestamp, in publishing (decode) order. */
    void sample(long timestampMicros) {
        if (previous >= 0 && timestampMicros > previous) {
            minStep = Math.min(minStep, timestampMicros - previous);
        }
        previous = timestampMicros;
        largestSoFar = Math.max(largestSoFar, timestampMicros);
        fragmentReorder = Math.max(fragmentReorder, largestSoFar - timestampMicros);
        fragmentMin = Math.min(fragmentMin, timestampMicros);
        fragmentMax = Math.max(fragmentMax, timestampMicros);
        fragmentHasSamples = true;
    }

    /**
     * Closes the current fragment.
     *
     * @return whether the advertised jitter grew (the catalog should be republished)
     */
    boolean endFragment() {
        boolean grew = false;
        if (fragmentHasSamples && minStep != Long.MAX_VALUE) {
            long wait = mode == Mode.FRAGMENT ? fragmentMax - fragmentMin : fragmentReorder;
            long candidate = -Math.floorDiv(-(wait + minStep), 1000); // rounded up: never advertise less than needed
            if (candidate > millis) {
                millis = candidate;
                grew = true;
            }
        }
        fragmentMin = Long.MAX_VALUE;
        fragmentMax = Long.MIN_VALUE;
        fragmentReorder = 0;
        fragmentHasSamples = false;
        return grew;
    }

    /** @return the advertised jitter in milliseconds, or -1 before it is known */
    long millis() {
        return millis;
    }
}
