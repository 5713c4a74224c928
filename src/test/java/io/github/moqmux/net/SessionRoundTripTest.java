package io.github.moqmux.net;

import static io.github.moqmux.net.NetFixtures.assertSameFrames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fixtures.Imports;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.net.wire.Version;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Java publisher and a Java subscriber over an in-memory connection, for each version and
 * container: every frame and group boundary the subscriber receives equals what the importer
 * writes into a {@link MemoryBroadcast} directly.
 */
class SessionRoundTripTest {

    @org.junit.jupiter.api.AfterEach
    void noCallbackFailed() {
        NetFixtures.assertNoCallbackFailures();
    }
    /**
     * Live: the subscriber subscribes (to the latest group) once the moov created the tracks and
     * before any media group exists, then the rest of the file is imported while it reads.
     */
    @ParameterizedTest
    @CsvSource({
        "'', false, h264_aac.mp4", "'', true, h264_aac.mp4",
        "moq-lite-04, false, h264_aac.mp4", "moq-lite-04, true, h264_aac.mp4",
        "moq-lite-05, false, h264_aac.mp4", "moq-lite-05, true, h264_aac.mp4",
        "moq-lite-05, false, vp9_opus.mp4", "'', true, h265_hvc1_aac.mp4",
    })
    void liveSubscriberGetsEveryFrame(String protocol, boolean passthrough, String file) throws Exception {
        byte[] bytes = NetFixtures.fixture(file);
        Fmp4Config config = Fmp4Config.defaults().withPassthrough(passthrough);
        try (Imports.Result expected = Imports.whole(bytes, config);
             NetworkBroadcast served = new NetworkBroadcast()) {
            MoqOrigin origin = new MoqOrigin();
            origin.publish("clip", served);
            try (NetFixtures.Sessions s = NetFixtures.Sessions.open(protocol, "/", origin, MoqSessionConfig.defaults());
                 MemoryBroadcast got = new MemoryBroadcast()) {
                assertEquals(Version.fromProtocol(protocol), s.client().version());
                CatalogProducer catalog = new CatalogProducer(served);
                Fmp4Importer importer = new Fmp4Importer(served, catalog, config);
                ByteBuf buf = Bufs.ALLOC.buffer(bytes.length);
                List<MoqSubscription> subs = new ArrayList<>();
                try {
                    int moovEnd = NetFixtures.moovEnd(bytes);
                    buf.writeBytes(bytes, 0, moovEnd);
                    importer.decode(buf);
                    for (String name : served.trackNames()) {
                        subs.add(s.client().subscribe("clip", name,
                                got.createTrack(new Track(name, served.track(name).info().priority())), -1));
                    }
                    assertFalse(subs.isEmpty());
                    for (MoqSubscription sub : subs) {
                        sub.started().get(5, TimeUnit.SECONDS);
                    }
                    buf.writeBytes(bytes, moovEnd, bytes.length - moovEnd);
                    importer.decode(buf);
                    importer.finish();
                } finally {
                    importer.close();
                    catalog.close();
                    buf.release();
                }
                for (MoqSubscription sub : subs) {
                    sub.done().get(20, TimeUnit.SECONDS);
                }
                for (String name : expected.broadcast().trackNames()) {
                    assertTrue(got.isFinished(name), name + " finished");
                    assertSameFrames(expected.broadcast().frames(name), got.frames(name), protocol + " " + name);
                }
            }
        }
    }

    /** A subscription to finished tracks from group 0 replays every retained group, then ends (MOQ-WIRE §11.8). */
    @ParameterizedTest
    @CsvSource({"moq-lite-04, false", "moq-lite-04, true", "moq-lite-05, false", "moq-lite-05, true"})
    void finishedBroadcastIsReplayedFromGroupZero(String protocol, boolean passthrough) throws Exception {
        byte[] bytes = NetFixtures.fixture("h264_aac.mp4");
        Fmp4Config config = Fmp4Config.defaults().withPassthrough(passthrough);
        try (Imports.Result expected = Imports.whole(bytes, config);
             NetworkBroadcast served = new NetworkBroadcast(Duration.ofHours(1))) {
            NetFixtures.importInto(served, bytes, config);
            MoqOrigin origin = new MoqOrigin();
            origin.publish("clip", served);
            try (NetFixtures.Sessions s = NetFixtures.Sessions.open(protocol, "/", origin, MoqSessionConfig.defaults())) {
                Map<String, Integer> tracks = new LinkedHashMap<>();
                for (String name : served.trackNames()) {
                    tracks.put(name, served.track(name).info().priority());
                }
                try (MemoryBroadcast got = NetFixtures.readAll(s.client(), "clip", tracks, 0)) {
                    for (String name : expected.broadcast().trackNames()) {
                        assertTrue(got.isFinished(name), name + " finished");
                        assertSameFrames(expected.broadcast().frames(name), got.frames(name), protocol + " " + name);
                    }
                }
            }
        }
    }
}
