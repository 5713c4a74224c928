package io.github.moqmux.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.net.MoqOrigin;
import io.github.moqmux.net.MoqSession;
import io.github.moqmux.net.MoqSessionConfig;
import io.github.moqmux.net.MoqSubscription;
import io.github.moqmux.net.NetworkBroadcast;
import io.github.moqmux.testing.Pacing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server role over the real WebSocket server (not the in-memory pair): many concurrent
 * subscribers of a real fixture, and a subscriber that stops reading. The leak-detection
 * extension fails the class if any buffer leaks.
 */
class ServeOverWebSocketTest {
    private static final long T = 30;

    /** The tracks of {@code h264_aac.mp4} and their priorities. */
    private static final Map<String, Integer> TRACKS = Map.of(
            "catalog.json", 100, "catalog", 100, "0.hang", 0, "1.hang", 0);

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(Path.of("testdata", name));
    }

    /** @return the offset just after the top-level {@code moov} box (32-bit sizes, as the fixtures use) */
    private static int moovEnd(byte[] b) {
        int off = 0;
        while (off + 8 <= b.length) {
            long size = ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
            String type = new String(b, off + 4, 4, StandardCharsets.US_ASCII);
            off += (int) size;
            if (type.equals("moov")) {
                return off;
            }
        }
        throw new AssertionError("no moov");
    }

    /** @return the offset after {@code n} top-level boxes starting at {@code from} */
    private static int boxesEnd(byte[] b, int from, int n) {
        int off = from;
        for (int i = 0; i < n; i++) {
            off += ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
        }
        return off;
    }

    /** A buffer of {@code b[from, to)}; {@link Import#feed} must be given whole boxes (it keeps no leftovers). */
    private static ByteBuf buf(byte[] b, int from, int to) {
        return ByteBufAllocator.DEFAULT.buffer(to - from).writeBytes(b, from, to - from);
    }

    /** An importer and its catalog on a broadcast. */
    private record Import(Fmp4Importer importer, CatalogProducer catalog) {
        static Import on(BroadcastProducer b) {
            CatalogProducer c = new CatalogProducer(b);
            return new Import(new Fmp4Importer(b, c, Fmp4Config.defaults()), c);
        }

        void feed(byte[] bytes, int from, int to) {
            ByteBuf in = buf(bytes, from, to);
            try {
                importer.decode(in);
            } finally {
                in.release();
            }
        }

        void feedAll(byte[] bytes) {
            feed(bytes, 0, bytes.length);
            end();
        }

        void end() {
            importer.finish();
            importer.close();
            catalog.close();
        }
    }

    /** Connects a subscriber with one of three offers: lite-05, lite-04 (qmux), lite-02 (legacy framing, moql SETUP). */
    private static CompletableFuture<MoqSession> connect(URI uri, int kind) {
        List<String> alpns = switch (kind) {
            case 0 -> List.of("moq-lite-05");
            case 1 -> List.of("moq-lite-04");
            default -> List.of();
        };
        WebSocketClientConfig config = kind == 2
                ? WebSocketClientConfig.builder().bareQmux(false).webTransport(true).build()
                : WebSocketClientConfig.DEFAULT;
        return WebSocketClient.connect(uri, alpns, config)
                .thenApply(c -> MoqSession.start(c, new MoqOrigin(), MoqSessionConfig.defaults()));
    }

    @Test
    void twoHundredSubscribersEachGetEveryFrameOfARealFixture() throws Exception {
        byte[] bytes = fixture("h264_aac.mp4");
        int moov = moovEnd(bytes);
        try (MemoryBroadcast expected = new MemoryBroadcast(); NetworkBroadcast served = new NetworkBroadcast()) {
            Import.on(expected).feedAll(bytes);
            MoqOrigin origin = new MoqOrigin();
            origin.publish("h264_aac", served);
            Import live = Import.on(served);
            live.feed(bytes, 0, moov); // the tracks exist, no media yet
            List<MoqSession> sessions = new ArrayList<>();
            List<MemoryBroadcast> sinks = new ArrayList<>();
            try (MoqServer server = MoqServer.start(WebSocketServerConfig.builder().host("127.0.0.1").port(0).build(), origin)) {
                URI uri = server.url("127.0.0.1");
                List<CompletableFuture<MoqSession>> connecting = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    connecting.add(connect(uri, i % 3));
                }
                List<MoqSubscription> subs = new ArrayList<>();
                for (CompletableFuture<MoqSession> f : connecting) {
                    MoqSession s = f.get(T, TimeUnit.SECONDS);
                    sessions.add(s);
                    MemoryBroadcast sink = new MemoryBroadcast();
                    sinks.add(sink);
                    for (Map.Entry<String, Integer> t : TRACKS.entrySet()) {
                        subs.add(s.subscribe("h264_aac", t.getKey(), sink.createTrack(new Track(t.getKey(), t.getValue())), 0));
                    }
                }
                for (MoqSubscription sub : subs) {
                    sub.started().get(T, TimeUnit.SECONDS);
                }
                assertThat(server.connectionCount()).isEqualTo(200);
                live.feed(bytes, moov, bytes.length);
                live.end();
                for (MoqSubscription sub : subs) {
                    sub.done().get(T, TimeUnit.SECONDS);
                }
                for (int i = 0; i < sinks.size(); i++) {
                    for (String track : TRACKS.keySet()) {
                        assertSameFrames(expected.frames(track), sinks.get(i).frames(track), "subscriber " + i + " " + track);
                    }
                }
            } finally {
                sinks.forEach(MemoryBroadcast::close);
            }
        }
    }

    @Test
    void aSubscriberThatStopsReadingCostsItsBudgetAndOthersGetEverything() throws Exception {
        long budget = 256 * 1024;
        int frame = 16 * 1024;
        int framesPerGroup = 10;
        int groups = 80;
        // The grace must outlast a healthy reader's scheduling hiccups on a loaded machine (20 ms did not:
        // the healthy peer lost older groups); the stalled peer stays stalled far longer.
        MoqSessionConfig config = MoqSessionConfig.defaults().withMaxQueuedBytes(budget).withStallMillis(300);
        MoqOrigin origin = new MoqOrigin();
        BlockingQueue<WsMuxConnection> accepted = new LinkedBlockingQueue<>();
        try (NetworkBroadcast served = new NetworkBroadcast(Duration.ofSeconds(1));
             WebSocketServer server = WebSocketServer.start(WebSocketServerConfig.builder().host("127.0.0.1").port(0).build(),
                     conn -> {
                         accepted.add((WsMuxConnection) conn);
                         MoqSession.start(conn, origin, config);
                     });
             MemoryBroadcast fast = new MemoryBroadcast();
             MemoryBroadcast slow = new MemoryBroadcast()) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
            MoqSession good = connect(uri, 0).get(T, TimeUnit.SECONDS);
            WsMuxConnection goodServerSide = accepted.poll(T, TimeUnit.SECONDS);
            MoqSession stalled = connect(uri, 0).get(T, TimeUnit.SECONDS);
            WsMuxConnection stalledServerSide = accepted.poll(T, TimeUnit.SECONDS);
            assertThat(goodServerSide).isNotNull();
            MoqSubscription a = good.subscribe("clip", "video", fast.createTrack(new Track("video", 0)), -1);
            MoqSubscription b = stalled.subscribe("clip", "video", slow.createTrack(new Track("video", 0)), -1);
            a.started().get(T, TimeUnit.SECONDS);
            b.started().get(T, TimeUnit.SECONDS);
            // The stalled peer stops reading its socket: TCP buffers fill, then qmux credit, then our queue.
            ((WsMuxConnection) stalled.connection()).channel().config().setAutoRead(false);

            long maxQueued = 0;
            long producing = System.nanoTime();
            for (int g = 0; g < groups; g++) {
                GroupProducer group = track.appendGroup();
                for (int f = 0; f < framesPerGroup; f++) {
                    byte[] payload = new byte[frame];
                    payload[0] = (byte) g;
                    payload[1] = (byte) f;
                    long ts = (g * framesPerGroup + f) * 33_333L;
                    group.writeFrame(ts, ByteBufAllocator.DEFAULT.buffer(0), ByteBufAllocator.DEFAULT.buffer(frame).writeBytes(payload));
                    Thread.sleep(1);
                    maxQueued = Math.max(maxQueued, queued(stalledServerSide));
                }
                group.finish();
                if (g > 0) {
                    Pacing.awaitWholeGroup(fast, "video", g - 1, framesPerGroup);
                }
            }
            long producedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - producing);
            track.finish();
            a.done().get(T, TimeUnit.SECONDS);
            List<List<byte[]>> got = fast.frames("video");
            assertEquals(groups, got.size());
            for (int g = 0; g < groups; g++) {
                assertEquals(framesPerGroup, got.get(g).size(), "group " + g);
                assertEquals(g, got.get(g).get(0)[0]);
            }
            // 13 MB went out to the healthy peer; the stalled one holds at most its session budget
            // (plus the frame that crossed it and a stream window in flight) on our side.
            assertThat(maxQueued).as("bytes queued for the stalled peer").isLessThanOrEqualTo(budget + frame + (256 << 10));
            assertThat(maxQueued).as("the stall was real").isGreaterThan(budget / 2);
            // Producing never waited for the network: 800 frames with a 1 ms pause each.
            assertThat(producedMillis).isLessThan(20_000);
            stalled.close(0, "done");
            good.close(0, "done");
        }
    }

    @Test
    void refusedAndVanishingSubscribersLeaveTheOthersWhole() throws Exception {
        byte[] bytes = fixture("h264_aac.mp4");
        int moov = moovEnd(bytes);
        try (MemoryBroadcast expected = new MemoryBroadcast(); NetworkBroadcast served = new NetworkBroadcast();
             MemoryBroadcast whole = new MemoryBroadcast(); MemoryBroadcast cut = new MemoryBroadcast();
             MemoryBroadcast refused = new MemoryBroadcast()) {
            Import.on(expected).feedAll(bytes);
            MoqOrigin origin = new MoqOrigin();
            origin.publish("h264_aac", served);
            Import live = Import.on(served);
            live.feed(bytes, 0, moov);
            try (MoqServer server = MoqServer.start(WebSocketServerConfig.builder().host("127.0.0.1").port(0).build(), origin)) {
                URI uri = server.url("127.0.0.1");
                for (int kind = 0; kind < 3; kind++) {
                    // A missing broadcast and a missing track are refused with "not found", on every version.
                    MoqSession s = connect(uri, kind).get(T, TimeUnit.SECONDS);
                    MoqSubscription noBroadcast = s.subscribe("nope", "0.hang", refused.createTrack(new Track("a" + kind, 0)), -1);
                    MoqSubscription noTrack = s.subscribe("h264_aac", "9.hang", refused.createTrack(new Track("b" + kind, 0)), -1);
                    for (MoqSubscription sub : List.of(noBroadcast, noTrack)) {
                        assertThat(sub.done()).failsWithin(T, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                                .havingCause().withMessageContaining("not found");
                    }
                    // The session survives a refusal: it can still subscribe.
                    MoqSubscription ok = s.subscribe("h264_aac", "catalog.json", refused.createTrack(new Track("c" + kind, 100)), -1);
                    assertThat(ok.started()).succeedsWithin(T, TimeUnit.SECONDS);
                    s.close(0, "done");
                }
                MoqSession keeps = connect(uri, 0).get(T, TimeUnit.SECONDS);
                MoqSession leaves = connect(uri, 1).get(T, TimeUnit.SECONDS);
                MoqSubscription all = keeps.subscribe("h264_aac", "0.hang", whole.createTrack(new Track("0.hang", 0)), 0);
                MoqSubscription part = leaves.subscribe("h264_aac", "0.hang", cut.createTrack(new Track("0.hang", 0)), 0);
                all.started().get(T, TimeUnit.SECONDS);
                part.started().get(T, TimeUnit.SECONDS);
                // The first fragment (moof + mdat; the importer is fed whole boxes here): video group
                // 0 is open when the peer drops its connection.
                int half = boxesEnd(bytes, moov, 2);
                live.feed(bytes, moov, half);
                ((WsMuxConnection) leaves.connection()).channel().close();
                live.feed(bytes, half, bytes.length);
                live.end();
                all.done().get(T, TimeUnit.SECONDS);
                assertSameFrames(expected.frames("0.hang"), whole.frames("0.hang"), "the subscriber that stayed");
                // The one that left ends too (cleanly or not is the transport's business).
                part.done().handle((v, e) -> null).get(T, TimeUnit.SECONDS);
                // The server goes on: a new viewer (lite-05: it can ask for group 0; lite-02 cannot)
                // still gets the retained groups of the ended track.
                MemoryBroadcast late = new MemoryBroadcast();
                try {
                    MoqSession again = connect(uri, 0).get(T, TimeUnit.SECONDS);
                    MoqSubscription replay = again.subscribe("h264_aac", "0.hang", late.createTrack(new Track("0.hang", 0)), 0);
                    replay.done().get(T, TimeUnit.SECONDS);
                    assertSameFrames(expected.frames("0.hang"), late.frames("0.hang"), "a later viewer");
                    again.close(0, "done");
                } finally {
                    late.close();
                }
                keeps.close(0, "done");
            }
        }
    }

    private static long queued(WsMuxConnection c) throws Exception {
        return CompletableFuture.supplyAsync(c::queuedBytesOnLoop, c.executor()).get(T, TimeUnit.SECONDS);
    }

    private static void assertSameFrames(List<List<byte[]>> expected, List<List<byte[]>> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": group count");
        for (int g = 0; g < expected.size(); g++) {
            assertEquals(expected.get(g).size(), actual.get(g).size(), what + ": frames in group " + g);
            for (int f = 0; f < expected.get(g).size(); f++) {
                assertArrayEquals(expected.get(g).get(f), actual.get(g).get(f), what + ": group " + g + " frame " + f);
            }
        }
    }
}
