package io.github.moqmux.testing;

import io.github.moqmux.lite.MemoryBroadcast;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Keeps a test's producer in step with a consumer, as a real-time source would be. */
public final class Pacing {
    private Pacing() {
    }

    /**
     * Paces the producer to the healthy subscriber, at most about a group behind as a real-time
     * source would leave it: the retention window is media time (1 s = 3 groups here), and this test
     * produces far faster than real time, so on a loaded machine a healthy but briefly descheduled
     * reader would otherwise find its groups released (seen as 8 of 10 frames in a group).
     */
    public static void awaitWholeGroup(MemoryBroadcast broadcast, String track, int group, int frames)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<List<byte[]>> got = broadcast.frames(track);
            if (got.size() > group && got.get(group).size() >= frames) {
                return;
            }
            Thread.sleep(2);
        }
    }
}
