package io.github.moqmux.fmp4;

import java.util.Arrays;

/**
 * The resolved samples of one track fragment ({@code traf}): where each sample's bytes are in the
 * stream and when it is presented. Parallel primitive arrays, reused from fragment to fragment, so
 * the importer allocates nothing per sample. Not thread-safe; owned by one importer.
 */
final class SampleBatch {
    /** Absolute stream offset of each sample's first byte. */
    long[] position = new long[16];
    /** Size of each sample in bytes. */
    long[] size = new long[16];
    /** Decode time in track ticks. */
    long[] decodeTime = new long[16];
    /** Duration in track ticks (0 = unknown). */
    long[] duration = new long[16];
    /** ISO BMFF sample flags. */
    int[] flags = new int[16];
    /** Composition offset in ticks (signed). */
    long[] compositionOffset = new long[16];
    /** Presentation time on the broadcast timeline, in microseconds. */
    long[] timestamp = new long[16];
    /** Whether the sample is a sync sample, where a group may start (from stss or the sample flags). */
    boolean[] keyframe = new boolean[16];
    /** Number of valid entries. */
    int count;

    void clear() {
        count = 0;
    }

    void add(long pos, long sz, long dts, long dur, int sampleFlags, long cto, long ts, boolean key) {
        if (count == position.length) {
            grow();
        }
        int i = count++;
        position[i] = pos;
        size[i] = sz;
        decodeTime[i] = dts;
        duration[i] = dur;
        flags[i] = sampleFlags;
        compositionOffset[i] = cto;
        timestamp[i] = ts;
        keyframe[i] = key;
    }

    /** @return the sum of the sizes of samples {@code from} to the end */
    long payloadSize(int from) {
        long total = 0;
        for (int i = from; i < count; i++) {
            total += size[i];
        }
        return total;
    }

    /** @return whether any sample from {@code from} on is a keyframe */
    boolean containsKeyframe(int from) {
        for (int i = from; i < count; i++) {
            if (keyframe[i]) {
                return true;
            }
        }
        return false;
    }

    private void grow() {
        int n = position.length * 2;
        position = Arrays.copyOf(position, n);
        size = Arrays.copyOf(size, n);
        decodeTime = Arrays.copyOf(decodeTime, n);
        duration = Arrays.copyOf(duration, n);
        flags = Arrays.copyOf(flags, n);
        compositionOffset = Arrays.copyOf(compositionOffset, n);
        timestamp = Arrays.copyOf(timestamp, n);
        keyframe = Arrays.copyOf(keyframe, n);
    }
}
