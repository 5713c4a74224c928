package io.github.moqmux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.testing.Bufs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** 200 concurrent subscribers of one broadcast, each on its own connection, each get every frame. */
class FanoutTest {

    @org.junit.jupiter.api.AfterEach
    void noCallbackFailed() {
        NetFixtures.assertNoCallbackFailures();
    }
    private static final int SUBSCRIBERS = 200;
    private static final int GROUPS = 20;
    private static final int FRAMES = 5;

    @Test
    void everySubscriberGetsEveryFrame() throws Exception {
        MoqOrigin origin = new MoqOrigin();
        String[] protocols = {"", "moq-lite-04", "moq-lite-05"};
        List<NetFixtures.Sessions> sessions = new ArrayList<>();
        List<MemoryBroadcast> sinks = new ArrayList<>();
        List<MoqSubscription> subs = new ArrayList<>();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            try {
                for (int i = 0; i < SUBSCRIBERS; i++) {
                    NetFixtures.Sessions s = NetFixtures.Sessions.open(protocols[i % 3], "/", origin, MoqSessionConfig.defaults());
                    sessions.add(s);
                    MemoryBroadcast sink = new MemoryBroadcast();
                    sinks.add(sink);
                    subs.add(s.client().subscribe("clip", "video", sink.createTrack(new Track("video", 0)), -1));
                }
                for (MoqSubscription sub : subs) {
                    sub.started().get(10, TimeUnit.SECONDS);
                }
                for (int g = 0; g < GROUPS; g++) {
                    GroupProducer group = track.appendGroup();
                    for (int f = 0; f < FRAMES; f++) {
                        byte[] payload = new byte[1000];
                        payload[0] = (byte) g;
                        payload[1] = (byte) f;
                        group.writeFrame(g * 100_000L + f, Bufs.ALLOC.buffer(0), Bufs.ALLOC.buffer().writeBytes(payload));
                    }
                    group.finish();
                }
                track.finish();
                for (int i = 0; i < SUBSCRIBERS; i++) {
                    subs.get(i).done().get(30, TimeUnit.SECONDS);
                    List<List<byte[]>> got = sinks.get(i).frames("video");
                    assertEquals(GROUPS, got.size(), "subscriber " + i);
                    for (int g = 0; g < GROUPS; g++) {
                        assertEquals(FRAMES, got.get(g).size(), "subscriber " + i + " group " + g);
                        for (int f = 0; f < FRAMES; f++) {
                            assertEquals(g, got.get(g).get(f)[0]);
                            assertEquals(f, got.get(g).get(f)[1]);
                        }
                    }
                }
            } finally {
                for (NetFixtures.Sessions s : sessions) {
                    s.close();
                }
                sinks.forEach(MemoryBroadcast::close);
            }
        }
    }
}
