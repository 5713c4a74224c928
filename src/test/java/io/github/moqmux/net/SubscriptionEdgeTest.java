package io.github.moqmux.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.net.mux.MemoryMux;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Start groups, the end-after-data rule, refusals, timestamps and a subscriber that leaves mid-group. */
class SubscriptionEdgeTest {

    @org.junit.jupiter.api.AfterEach
    void noCallbackFailed() {
        NetFixtures.assertNoCallbackFailures();
    }
    /** Writes group {@code g}: two frames {g, f} at g s + f × 0.5 s. */
    private static void group(TrackProducer track, int g) {
        GroupProducer group = track.appendGroup();
        for (int f = 0; f < 2; f++) {
            group.writeFrame(g * 1_000_000L + f * 500_000L, Bufs.ALLOC.buffer(0), Bufs.ALLOC.buffer().writeBytes(new byte[] {(byte) g, (byte) f}));
        }
        group.finish();
    }

    /** Records what a subscription writes: (sequence, timestamp, bytes) per frame. */
    static final class RecordingTrack implements TrackProducer {
        final List<String> frames = new CopyOnWriteArrayList<>();
        private long next;
        private final Track info = new Track("rec", 0);

        @Override
        public Track info() {
            return info;
        }

        @Override
        public GroupProducer appendGroup() {
            long seq = next++;
            return new GroupProducer() {
                @Override
                public long sequence() {
                    return seq;
                }

                @Override
                public FrameProducer createFrame(long size) {
                    return createFrame(size, FrameProducer.NO_TIMESTAMP);
                }

                @Override
                public FrameProducer createFrame(long size, long ts) {
                    List<ByteBuf> chunks = new ArrayList<>();
                    return new FrameProducer() {
                        @Override
                        public long size() {
                            return size;
                        }

                        @Override
                        public void write(ByteBuf chunk) {
                            chunks.add(chunk);
                        }

                        @Override
                        public void finish() {
                            StringBuilder hex = new StringBuilder();
                            for (ByteBuf c : chunks) {
                                hex.append(io.netty.buffer.ByteBufUtil.hexDump(c));
                                c.release();
                            }
                            frames.add(seq + "@" + ts + ":" + hex);
                        }

                        @Override
                        public void abort(Throwable cause) {
                            chunks.forEach(ByteBuf::release);
                        }
                    };
                }

                @Override
                public void finish() {
                }

                @Override
                public void abort(Throwable cause) {
                }
            };
        }

        @Override
        public void finish() {
        }

        @Override
        public void abort(Throwable cause) {
        }
    }

    @Test
    void lateJoinersStartAtTheRequestedOrOldestRetainedGroup() throws Exception {
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            for (int g = 0; g < 10; g++) {
                group(track, g);
            }
            track.finish();
            try (NetFixtures.Sessions s = NetFixtures.Sessions.open("moq-lite-05", "/", origin, MoqSessionConfig.defaults())) {
                // Latest frame at 9.5 s, window 5 s: groups 5..9 are kept.
                long[][] cases = {{0, 5}, {7, 7}, {-1, 9}};
                for (long[] c : cases) {
                    RecordingTrack rec = new RecordingTrack();
                    MoqSubscription sub = s.client().subscribe("clip", "video", rec, c[0]);
                    assertEquals(c[1], sub.started().get(5, TimeUnit.SECONDS), "start for " + c[0]);
                    sub.done().get(5, TimeUnit.SECONDS);
                    assertEquals(c[1], sub.firstSequence());
                    List<String> want = new ArrayList<>();
                    for (long g = c[1]; g < 10; g++) {
                        for (int f = 0; f < 2; f++) {
                            // lite-05 carries each frame's timestamp (µs timescale, exact).
                            want.add((g - c[1]) + "@" + (g * 1_000_000L + f * 500_000L) + ":"
                                    + HexFormat.of().formatHex(new byte[] {(byte) g, (byte) f}));
                        }
                    }
                    assertEquals(want, rec.frames, "frames from " + c[0]);
                }
            }
        }
    }

    @Test
    void subscriptionEndsOnlyAfterEveryGroupStreamFinished() throws Exception {
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            MemoryMux.Pair pair = MemoryMux.pair("moq-lite-05", "/");
            MoqSession server = MoqSession.start(pair.server(), origin, MoqSessionConfig.defaults());
            RawPeer peer = new RawPeer(pair.client());
            MuxStream control = peer.end.openBidi().get(5, TimeUnit.SECONDS);
            peer.watch(control);
            // SUBSCRIBE{id 0, "clip", "video", prio 0, ordered 0, latency 0, start group 0 (+1), end none}
            control.write(RawPeer.hex("02 11 00 04" + HexFormat.of().formatHex("clip".getBytes()) + "05"
                    + HexFormat.of().formatHex("video".getBytes()) + "00 00 00 01 00"));
            awaitBytes(peer, control.id(), 3);
            for (int g = 0; g < 3; g++) {
                group(track, g);
            }
            track.finish();
            String end = "fin " + control.id();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!peer.events.contains(end) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<String> events = List.copyOf(peer.events);
            int endAt = events.indexOf(end);
            assertTrue(endAt > 0, "subscription ended: " + events);
            List<Long> groupStreams = new ArrayList<>();
            for (String e : events) {
                if (e.startsWith("uni ")) {
                    long id = Long.parseLong(e.substring(4));
                    if (peer.bytes(id)[0] == 0) {
                        groupStreams.add(id); // not the SETUP stream (type 1)
                    }
                }
            }
            assertEquals(3, groupStreams.size(), events.toString());
            for (long id : groupStreams) {
                int finAt = events.indexOf("fin " + id);
                assertTrue(finAt >= 0 && finAt < endAt, "group stream " + id + " finished before the end: " + events);
            }
            // SUBSCRIBE_OK{start 0}, then SUBSCRIBE_END{3}.
            assertArrayEquals(HexFormat.of().parseHex("000100" + "010103"), peer.bytes(control.id()));
            // Group 1: type 0, GROUP{sub 0, seq 1}, frames at +1 s (zigzag 2 000 000) and +0.5 s.
            assertEquals("00020001" + "80 1e 84 80 02 0100".replace(" ", "") + "80 0f 42 40 02 0101".replace(" ", ""),
                    HexFormat.of().formatHex(peer.bytes(groupStreams.get(1))));
            pair.client().close(0, "done");
            server.closed().get(5, TimeUnit.SECONDS);
        }
    }

    private static void awaitBytes(RawPeer peer, long id, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (peer.bytes(id).length < n && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "moq-lite-04", "moq-lite-05"})
    void missingBroadcastOrTrackIsResetNotFound(String protocol) throws Exception {
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            group(track, 0);
            try (NetFixtures.Sessions s = NetFixtures.Sessions.open(protocol, "/", origin, MoqSessionConfig.defaults());
                 MemoryBroadcast got = new MemoryBroadcast()) {
                for (String[] target : new String[][] {{"nope", "video"}, {"clip", "audio"}}) {
                    MoqSubscription sub = s.client().subscribe(target[0], target[1],
                            got.createTrack(new Track(target[0] + target[1], 0)), -1);
                    ExecutionException e = assertThrows(ExecutionException.class, () -> sub.done().get(5, TimeUnit.SECONDS));
                    assertTrue(e.getCause().getMessage().contains("not found"), e.getCause().getMessage());
                }
                // The session goes on: the existing track is served.
                MoqSubscription ok = s.client().subscribe("clip", "video", got.createTrack(new Track("video", 0)), -1);
                ok.started().get(5, TimeUnit.SECONDS);
                track.finish();
                ok.done().get(5, TimeUnit.SECONDS);
                assertEquals(1, got.frames("video").size());
            }
        }
    }

    @Test
    void scopeIsTheConnectionPath() throws Exception {
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            origin.publish("anon/room/clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            group(track, 0);
            track.finish();
            try (NetFixtures.Sessions s = NetFixtures.Sessions.open("moq-lite-05", "/anon/room", origin,
                    MoqSessionConfig.defaults());
                 MemoryBroadcast got = new MemoryBroadcast()) {
                List<String> seen = new CopyOnWriteArrayList<>();
                s.client().announced("", (path, active) -> seen.add(path + "=" + active));
                long until = System.nanoTime() + 5_000_000_000L;
                while (seen.isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
                origin.publish("anon/room/later", new NetworkBroadcast());
                origin.publish("other/x", new NetworkBroadcast());
                origin.unpublish("anon/room/later");
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (seen.size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(50);
                assertEquals(List.of("clip=true", "later=true", "later=false"), seen);
                MoqSubscription sub = s.client().subscribe("clip", "video", got.createTrack(new Track("video", 0)), 0);
                sub.done().get(5, TimeUnit.SECONDS);
                assertEquals(1, got.frames("video").size());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "moq-lite-04", "moq-lite-05"})
    void announcementsListInitialStateThenChanges(String protocol) throws Exception {
        MoqOrigin origin = new MoqOrigin();
        origin.publish("a/one", new NetworkBroadcast());
        origin.publish("b/two", new NetworkBroadcast());
        try (NetFixtures.Sessions s = NetFixtures.Sessions.open(protocol, "/", origin, MoqSessionConfig.defaults())) {
            List<String> seen = new CopyOnWriteArrayList<>();
            MoqAnnouncements watch = s.client().announced("a", (path, active) -> seen.add(path + "=" + active));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            origin.publish("a/three", new NetworkBroadcast());
            origin.unpublish("a/one");
            while (seen.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(List.of("a/one=true", "a/three=true", "a/one=false"), seen);
            watch.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"moq-lite-04", "moq-lite-05"})
    void subscriberLeavingMidGroupLeavesTheOthersAlone(String protocol) throws Exception {
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            try (NetFixtures.Sessions stays = NetFixtures.Sessions.open(protocol, "/", origin, MoqSessionConfig.defaults());
                 MemoryBroadcast kept = new MemoryBroadcast();
                 MemoryBroadcast cut = new MemoryBroadcast()) {
                NetFixtures.Sessions leaves = NetFixtures.Sessions.open(protocol, "/", origin, MoqSessionConfig.defaults());
                MoqSubscription a = stays.client().subscribe("clip", "video", kept.createTrack(new Track("video", 0)), -1);
                MoqSubscription b = leaves.client().subscribe("clip", "video", cut.createTrack(new Track("video", 0)), -1);
                a.started().get(5, TimeUnit.SECONDS);
                b.started().get(5, TimeUnit.SECONDS);
                GroupProducer g = track.appendGroup();
                g.writeFrame(0, Bufs.ALLOC.buffer(0), Bufs.ALLOC.buffer().writeBytes(new byte[100]));
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (cut.frames("video").isEmpty() || cut.frames("video").get(0).isEmpty()) {
                    assertTrue(System.nanoTime() < deadline);
                    Thread.sleep(2);
                }
                leaves.client().close(0, "bye");
                leaves.server().closed().get(5, TimeUnit.SECONDS);
                assertThrows(ExecutionException.class, () -> b.done().get(5, TimeUnit.SECONDS));
                for (int i = 1; i < 5; i++) {
                    g.writeFrame(i, Bufs.ALLOC.buffer(0), Bufs.ALLOC.buffer().writeBytes(new byte[100]));
                }
                g.finish();
                group(track, 1);
                track.finish();
                a.done().get(5, TimeUnit.SECONDS);
                assertEquals(5, kept.frames("video").get(0).size());
                assertEquals(2, kept.frames("video").get(1).size());
            }
        }
    }

    /** The publish direction: the connecting side serves, the accepting side (a relay's role) announces and subscribes. */
    @ParameterizedTest
    @ValueSource(strings = {"", "moq-lite-04", "moq-lite-05"})
    void connectingSidePublishesToTheAcceptingSide(String protocol) throws Exception {
        MoqOrigin clientOrigin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            clientOrigin.publish("me/clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            MemoryMux.Pair pair = MemoryMux.pair(protocol, "/anon");
            MoqSession relay = MoqSession.start(pair.server(), new MoqOrigin(), MoqSessionConfig.defaults());
            MoqSession client = MoqSession.start(pair.client(), clientOrigin, MoqSessionConfig.defaults());
            List<String> seen = new CopyOnWriteArrayList<>();
            relay.announced("", (path, active) -> seen.add(path + "=" + active));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(List.of("me/clip=true"), seen);
            try (MemoryBroadcast got = new MemoryBroadcast()) {
                MoqSubscription sub = relay.subscribe("me/clip", "video", got.createTrack(new Track("video", 0)), -1);
                sub.started().get(5, TimeUnit.SECONDS);
                group(track, 0);
                group(track, 1);
                track.finish();
                sub.done().get(5, TimeUnit.SECONDS);
                assertEquals(2, got.frames("video").size());
                assertArrayEquals(new byte[] {1, 1}, got.frames("video").get(1).get(1));
            }
            client.close(0, "done");
            relay.closed().get(5, TimeUnit.SECONDS);
        }
    }

    private static String hexOf(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** lite-04 from raw bytes: an End Group is honoured, a Probe stream is closed, a Fetch is refused. */
    @Test
    void endGroupProbeAndFetch() throws Exception {
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            for (int g = 0; g < 5; g++) {
                group(track, g);
            }
            MemoryMux.Pair pair = MemoryMux.pair("moq-lite-04", "/");
            MoqSession server = MoqSession.start(pair.server(), origin, MoqSessionConfig.defaults());
            RawPeer peer = new RawPeer(pair.client());
            MuxStream probe = peer.end.openBidi().get(5, TimeUnit.SECONDS);
            peer.watch(probe);
            probe.write(RawPeer.hex("04"));
            MuxStream fetch = peer.end.openBidi().get(5, TimeUnit.SECONDS);
            peer.watch(fetch);
            fetch.write(RawPeer.hex("03 0c 04" + hexOf("clip") + "05" + hexOf("video") + "00 01"));
            MuxStream control = peer.end.openBidi().get(5, TimeUnit.SECONDS);
            peer.watch(control);
            // SUBSCRIBE{id 5, start group 2 (+1), end group 3 (+1)}; the track is still open.
            control.write(RawPeer.hex("02 11 05 04" + hexOf("clip") + "05" + hexOf("video") + "07 00 00 03 04"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!peer.events.contains("fin " + control.id()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<String> events = List.copyOf(peer.events);
            assertTrue(events.contains("fin " + probe.id()), events.toString());
            assertTrue(events.contains("reset " + fetch.id() + " " + io.github.moqmux.net.wire.ErrorCode.UNSUPPORTED), events.toString());
            assertTrue(events.contains("fin " + control.id()), "the range ended the subscription: " + events);
            List<String> groups = new ArrayList<>();
            for (String e : events) {
                if (e.startsWith("uni ")) {
                    groups.add(HexFormat.of().formatHex(peer.bytes(Long.parseLong(e.substring(4)))));
                }
            }
            assertEquals(List.of("00020502" + "020200" + "020201", "00020503" + "020300" + "020301"), groups);
            // SUBSCRIBE_OK{priority 7, ordered}
            assertArrayEquals(HexFormat.of().parseHex("00050701000000"), peer.bytes(control.id()));
            assertTrue(server.isOpen());
            pair.client().close(0, "done");
            server.closed().get(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "moq-lite-04", "moq-lite-05"})
    void abortedGroupAndTrackAreResets(String protocol) throws Exception {
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            try (NetFixtures.Sessions s = NetFixtures.Sessions.open(protocol, "/", origin, MoqSessionConfig.defaults());
                 MemoryBroadcast got = new MemoryBroadcast()) {
                MoqSubscription sub = s.client().subscribe("clip", "video", got.createTrack(new Track("video", 0)), -1);
                sub.started().get(5, TimeUnit.SECONDS);
                group(track, 0);
                GroupProducer broken = track.appendGroup();
                broken.writeFrame(5, Bufs.ALLOC.buffer(0), Bufs.ALLOC.buffer().writeBytes(new byte[] {9}));
                long deadline = System.nanoTime() + 5_000_000_000L;
                while ((got.frames("video").size() < 2 || got.frames("video").get(1).isEmpty())
                        && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                broken.abort(new IllegalStateException("encoder died"));
                track.abort(new IllegalStateException("input ended badly"));
                ExecutionException e = assertThrows(ExecutionException.class, () -> sub.done().get(5, TimeUnit.SECONDS));
                assertTrue(e.getCause().getMessage().contains("dropped"), e.getCause().getMessage());
                assertEquals(2, got.frames("video").get(0).size());
                assertTrue(got.abortCause("video") != null);
            }
        }
    }

    private static void byteByByte(io.github.moqmux.net.mux.MuxSendStream s, String hex) {
        for (byte b : HexFormat.of().parseHex(hex.replace(" ", ""))) {
            s.write(Bufs.ALLOC.buffer(1).writeByte(b));
        }
    }

    /**
     * A publisher peer that sends everything one byte per transport read (lite-05): TRACK_INFO,
     * SUBSCRIBE_OK, a group with two frames and their timestamps, SUBSCRIBE_END, FIN.
     */
    @Test
    void subscriberParsesBytesSplitAnywhere() throws Exception {
        MemoryMux.Pair pair = MemoryMux.pair("moq-lite-05", "/");
        RawPeer publisher = new RawPeer(pair.server(), false);
        List<MuxStream> bidis = new CopyOnWriteArrayList<>();
        pair.server().handler(new io.github.moqmux.net.mux.MuxConnection.Handler() {
            @Override
            public void onBidiStream(MuxStream stream) {
                bidis.add(stream);
                publisher.onBidiStream(stream);
            }

            @Override
            public void onUniStream(io.github.moqmux.net.mux.MuxRecvStream stream) {
                publisher.onUniStream(stream);
            }

            @Override
            public void onClosed(io.github.moqmux.net.mux.MuxCloseReason reason) {
                publisher.onClosed(reason);
            }
        });
        MoqSession client = MoqSession.start(pair.client(), new MoqOrigin(), MoqSessionConfig.defaults());
        RecordingTrack rec = new RecordingTrack();
        MoqSubscription sub = client.subscribe("demo.hang", "video", rec, -1);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (bidis.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        MuxStream trackStream = bidis.get(0);
        // TRACK_INFO as the JS publisher sends it (timescale 1000), then FIN.
        byteByByte(trackStream, "06 00 00 53 88 43 e8");
        trackStream.finish();
        while (bidis.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        MuxStream control = bidis.get(1);
        byteByByte(control, "00 01 02");
        io.github.moqmux.net.mux.MuxSendStream group = pair.server().openUni().get(5, TimeUnit.SECONDS);
        // The trace's group 2: frame-a at +1000 ms (47 d0), frame-b +33 ms (non-minimal 40 42).
        byteByByte(group, "00 02 00 02 47 d0 07" + hexOf("frame-a") + "40 42 07" + hexOf("frame-b"));
        group.finish();
        group.done().get(5, TimeUnit.SECONDS);
        byteByByte(control, "01 01 03");
        control.finish();
        sub.done().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("0@1000000:" + hexOf("frame-a"), "0@1033000:" + hexOf("frame-b")), rec.frames);
        assertEquals(2, sub.firstSequence());
        pair.client().close(0, "done");
        client.closed().get(5, TimeUnit.SECONDS);
    }
}
