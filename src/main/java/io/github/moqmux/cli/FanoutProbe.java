package io.github.moqmux.cli;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The measurements of one fan-out run: when each frame was published, and per subscriber what
 * arrived and how long after its publication.
 *
 * <p>Frames are named by their index in the publishing order ({@link FanoutSchedule#event}). Only
 * frames in the measured window {@code [from, to)} count; the warm-up before it does not.
 *
 * <p>Threads: the publisher writes {@link #published}; each {@link Subscriber} is updated by the
 * one I/O thread its connection runs on and read once the run has drained.
 */
final class FanoutProbe {
    final long from;
    final long to;
    private final AtomicLongArray publishedAt;

    FanoutProbe(long from, long to) {
        this.from = from;
        this.to = to;
        // Indexes below the window are never looked up: only the window is kept.
        this.publishedAt = new AtomicLongArray((int) (to - from));
    }

    /** Records the publication instant of frame {@code index}, just before it is handed over. */
    void published(long index, long nanos) {
        if (index >= from && index < to) {
            publishedAt.set((int) (index - from), nanos);
        }
    }

    /** One subscriber's record. */
    final class Subscriber {
        private long[] latencies = new long[1024];
        private int frames;
        private long bytes;
        private volatile long framesSeen;

        /** Frame {@code index} of {@code size} bytes arrived whole at {@code nanos}. */
        void received(long index, long size, long nanos) {
            framesSeen++;
            if (index < from || index >= to) {
                return;
            }
            long sent = publishedAt.get((int) (index - from));
            if (frames == latencies.length) {
                latencies = Arrays.copyOf(latencies, frames * 2);
            }
            latencies[frames++] = sent == 0 ? Long.MAX_VALUE : nanos - sent;
            bytes += size;
        }

        /** @return frames of the window received so far */
        int frames() {
            return frames;
        }

        /** @return frames received in all, warm-up included (volatile: polled while draining) */
        long framesSeen() {
            return framesSeen;
        }

        long bytes() {
            return bytes;
        }

        long[] latencies() {
            return Arrays.copyOf(latencies, frames);
        }
    }

    /** @return a new subscriber record */
    Subscriber subscriber() {
        return new Subscriber();
    }

    /** @return the {@code p}-th percentile (0..100) of sorted values, or -1 when empty */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
