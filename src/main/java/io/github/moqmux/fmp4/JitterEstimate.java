package io.github.moqmux.fmp4;

/**
 * The buffer a player needs for one track, as DESIGN §6 defines it: per fragment, the span of its
 * sample timestamps plus the smallest positive step between consecutive timestamps seen on the
 * track so far. The advertised value only ever grows: a short fragment must not shrink the buffer
 * players keep (the reference kept the minimum, so players stuttered).
 *
 * <pre>{@code
 * JitterEstimate jitter = new JitterEstimate();
 * for (long ts : fragmentTimestamps) jitter.sample(ts);
 * if (jitter.endFragment()) catalog.setJitter(jitter.millis());
 * }</pre>
 */
final class JitterEstimate {
    private long minStep = Long.MAX_VALUE;
    private long previous = -1;
    private long fragmentMin = Long.MAX_VALUE;
    private long fragmentMax = Long.MIN_VALUE;
    private long millis = -1;

    /** Records the next sample's timestamp, in publishing (decode) order. */
    void sample(long timestampMicros) {
        if (previous >= 0 && timestampMicros > previous) {
            minStep = Math.min(minStep, timestampMicros - previous);
        }
        previous = timestampMicros;
        fragmentMin = Math.min(fragmentMin, timestampMicros);
        fragmentMax = Math.max(fragmentMax, timestampMicros);
    }

    /**
     * Closes the current fragment.
     *
     * @return whether the advertised jitter grew (the catalog should be republished)
     */
    boolean endFragment() {
        boolean grew = false;
        if (fragmentMin <= fragmentMax && minStep != Long.MAX_VALUE) {
            long micros = fragmentMax - fragmentMin + minStep;
            long candidate = -Math.floorDiv(-micros, 1000); // rounded up: never advertise less than needed
            if (candidate > millis) {
                millis = candidate;
                grew = true;
            }
        }
        fragmentMin = Long.MAX_VALUE;
        fragmentMax = Long.MIN_VALUE;
        return grew;
    }

    /** @return the advertised jitter in milliseconds, or -1 before it is known */
    long millis() {
        return millis;
    }
}
