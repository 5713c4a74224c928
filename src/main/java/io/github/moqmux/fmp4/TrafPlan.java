package io.github.moqmux.fmp4;

import java.util.Arrays;

/**
 * One {@code traf} of the fragment whose {@code mdat} is arriving: its resolved samples and how
 * far publishing has got. Reused from fragment to fragment. Owned by one importer.
 */
final class TrafPlan {
    final SampleBatch batch = new SampleBatch();
    /** The imported track, or null when the traf belongs to a skipped track. */
    ImportedTrack track;
    /** First sample to publish: earlier ones precede the track's first keyframe and are dropped. */
    int from;
    /** Next sample to publish. */
    int next;
    /**
     * Whether its track output has begun this fragment. A second traf of a track in the same
     * moof begins only when the first has ended: an output holds one open fragment.
     */
    boolean begun;
    /** {@code lowestStart[i]} = the lowest start offset of samples i.. (bytes before it may be released). */
    private long[] lowestStart = new long[16];

    void reset(ImportedTrack owner) {
        track = owner;
        batch.clear();
        from = 0;
        next = 0;
        begun = false;
    }

    /** Prepares {@link #lowestPendingStart()} once the batch is complete and {@link #from} is known. */
    void ready() {
        next = from;
        if (lowestStart.length < batch.count + 1) {
            lowestStart = Arrays.copyOf(lowestStart, Math.max(batch.count + 1, lowestStart.length * 2));
        }
        long lowest = Long.MAX_VALUE;
        lowestStart[batch.count] = lowest;
        for (int i = batch.count - 1; i >= 0; i--) {
            lowest = Math.min(lowest, batch.position[i]);
            lowestStart[i] = lowest;
        }
    }

    /** @return whether every sample to publish has been published */
    boolean done() {
        return track == null || next >= batch.count;
    }

    /** @return the lowest stream offset a pending sample still needs, or Long.MAX_VALUE */
    long lowestPendingStart() {
        return done() ? Long.MAX_VALUE : lowestStart[next];
    }
}
