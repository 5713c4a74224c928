package io.github.moqmux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.testing.Bufs;
import io.github.moqmux.testing.Pacing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading costs a bounded amount of memory and slows neither the
 * producer nor the other subscribers; when it reads again it gets the newest groups, the ones it
 * missed are reset.
 */
class BackpressureTest {

    @org.junit.jupiter.api.AfterEach
    void noCallbackFailed() {
        NetFixtures.assertNoCallbackFailures();
    }
    private static final int FRAME = 8 * 1024;
    private static final int FRAMES_PER_GROUP = 10;
    private static final int GROUPS = 60;
    private static final long BUDGET = 256 * 1024;

    @Test
    void stalledSubscriberIsBoundedAndOthersGetEverything() throws Exception {
        MoqOrigin origin = new MoqOrigin();
        MoqSessionConfig config = MoqSessionConfig.defaults().withMaxQueuedBytes(BUDGET).withStallMillis(20);
        try (NetworkBroadcast served = new NetworkBroadcast(Duration.ofSeconds(1))) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            // The healthy session gets a long grace: on a loaded machine its executor may lag the
            // producer by more than 20 ms, and the test is about the stalled one not hurting it.
            MoqSessionConfig healthy = config.withStallMillis(10_000);
            try (NetFixtures.Sessions good = NetFixtures.Sessions.open("moq-lite-05", "/", origin, healthy);
                 NetFixtures.Sessions stalled = NetFixtures.Sessions.open("moq-lite-05", "/", origin, config);
                 MemoryBroadcast fast = new MemoryBroadcast();
                 MemoryBroadcast slow = new MemoryBroadcast()) {
                MoqSubscription a = good.client().subscribe("clip", "video", fast.createTrack(new Track("video", 0)), -1);
                MoqSubscription b = stalled.client().subscribe("clip", "video", slow.createTrack(new Track("video", 0)), -1);
                a.started().get(5, TimeUnit.SECONDS);
                b.started().get(5, TimeUnit.SECONDS);
                stalled.pair().client().pauseReading(true);

                long maxQueued = 0;
                int maxRetained = 0;
                for (int g = 0; g < GROUPS; g++) {
                    GroupProducer group = track.appendGroup();
                    for (int f = 0; f < FRAMES_PER_GROUP; f++) {
                        byte[] payload = new byte[FRAME];
                        payload[0] = (byte) g;
                        payload[1] = (byte) f;
                        long ts = (g * FRAMES_PER_GROUP + f) * 33_333L;
                        group.writeFrame(ts, Bufs.ALLOC.buffer(0), Bufs.ALLOC.buffer(FRAME).writeBytes(payload));
                        Thread.sleep(0, 200_000);
                        maxQueued = Math.max(maxQueued, stalled.pair().server().queuedBytes());
                    }
                    group.finish();
                    maxRetained = Math.max(maxRetained, served.track("video").groupsFrom(0).size());
                    if (g > 0) {
                        Pacing.awaitWholeGroup(fast, "video", g - 1, FRAMES_PER_GROUP);
                    }
                }
                track.finish();
                a.done().get(10, TimeUnit.SECONDS);
                // The healthy subscriber got every frame of every group.
                List<List<byte[]>> frames = fast.frames("video");
                assertEquals(GROUPS, frames.size());
                for (int g = 0; g < GROUPS; g++) {
                    assertEquals(FRAMES_PER_GROUP, frames.get(g).size());
                    assertEquals(g, frames.get(g).get(0)[0]);
                }
                // The stalled one never had more than its budget (plus the frame that crossed it) queued.
                assertTrue(maxQueued <= BUDGET + FRAME + 1024, "queued " + maxQueued);
                assertTrue(maxQueued >= BUDGET / 2, "the stall was real: " + maxQueued);
                // Retention is the window (1 s = 3 groups of 0.33 s) plus the current group.
                assertTrue(maxRetained <= 5, "retained " + maxRetained);

                stalled.pair().client().pauseReading(false);
                b.done().get(10, TimeUnit.SECONDS);
                List<List<byte[]>> late = slow.frames("video");
                List<byte[]> last = late.get(late.size() - 1);
                assertEquals(FRAMES_PER_GROUP, last.size(), "the newest group arrives whole");
                assertEquals(GROUPS - 1, last.get(0)[0]);
                // The first group whose header got through is the producer's group 0; after it
                // sequence numbers stay aligned (dropped groups are aborted placeholders).
                assertEquals(GROUPS - b.firstSequence(), late.size(), "first " + b.firstSequence());
                long whole = late.stream().filter(l -> l.size() == FRAMES_PER_GROUP).count();
                assertTrue(whole < 10, "older groups were dropped, not buffered: " + whole + " whole groups");
            }
        }
    }

    /** A replay much larger than the budget, read by a subscriber that keeps up, loses nothing. */
    @Test
    void burstLargerThanTheBudgetIsNotDropped() throws Exception {
        MoqOrigin origin = new MoqOrigin();
        MoqSessionConfig config = MoqSessionConfig.defaults().withMaxQueuedBytes(64 * 1024);
        try (NetworkBroadcast served = new NetworkBroadcast(Duration.ofHours(1))) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            for (int g = 0; g < 20; g++) {
                GroupProducer group = track.appendGroup();
                for (int f = 0; f < FRAMES_PER_GROUP; f++) {
                    byte[] payload = new byte[FRAME];
                    payload[0] = (byte) g;
                    group.writeFrame(g * 1_000_000L + f, Bufs.ALLOC.buffer(0), Bufs.ALLOC.buffer(FRAME).writeBytes(payload));
                }
                group.finish();
            }
            track.finish();
            try (NetFixtures.Sessions s = NetFixtures.Sessions.open("moq-lite-04", "/", origin, config);
                 MemoryBroadcast got = new MemoryBroadcast()) {
                MoqSubscription sub = s.client().subscribe("clip", "video", got.createTrack(new Track("video", 0)), 0);
                sub.done().get(20, TimeUnit.SECONDS);
                List<List<byte[]>> frames = got.frames("video");
                assertEquals(20, frames.size());
                for (int g = 0; g < 20; g++) {
                    assertEquals(FRAMES_PER_GROUP, frames.get(g).size(), "group " + g);
                }
            }
        }
    }

    /**
     * With a zero window every append releases the previous group, possibly before a session has
     * sent its FIN: a subscriber that already has all its frames still gets the group ended
     * normally, not reset.
     */
    @Test
    void zeroWindowStillEndsSentGroupsNormally() throws Exception {
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast(Duration.ZERO)) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            try (NetFixtures.Sessions s = NetFixtures.Sessions.open("moq-lite-05", "/", origin, MoqSessionConfig.defaults());
                 MemoryBroadcast got = new MemoryBroadcast()) {
                MoqSubscription sub = s.client().subscribe("clip", "video", got.createTrack(new Track("video", 0)), -1);
                sub.started().get(5, TimeUnit.SECONDS);
                int groups = 20;
                for (int g = 0; g < groups; g++) {
                    GroupProducer group = track.appendGroup();
                    for (int f = 0; f < 3; f++) {
                        group.writeFrame(g * 100_000L + f, Bufs.ALLOC.buffer(0), Bufs.ALLOC.buffer().writeBytes(new byte[] {(byte) g, (byte) f}));
                    }
                    // The subscriber has every frame of the group before it is finished and released.
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (got.frames("video").size() <= g || got.frames("video").get(g).size() < 3) {
                        assertTrue(System.nanoTime() < deadline, "group " + g + " arrived");
                        Thread.sleep(1);
                    }
                    group.finish();
                }
                track.finish();
                sub.done().get(10, TimeUnit.SECONDS);
                io.github.moqmux.lite.TrackConsumer consumer = got.subscribe("video");
                for (int g = 0; g < groups; g++) {
                    io.github.moqmux.lite.GroupConsumer gc = consumer.nextGroup(Duration.ofSeconds(1));
                    int n = 0;
                    for (io.netty.buffer.ByteBuf frame; (frame = gc.nextFrame(Duration.ofSeconds(1))) != null; n++) {
                        frame.release(); // throws instead of returning null if the group was reset
                    }
                    assertEquals(3, n);
                }
            }
        }
    }
}
