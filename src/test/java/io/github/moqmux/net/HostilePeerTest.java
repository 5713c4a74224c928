package io.github.moqmux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.net.mux.MemoryMux;
import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.testing.Bufs;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Peers that break the protocol: their session ends with an upstream error code, while a
 * well-behaved session on the same server keeps receiving, and nothing leaks.
 */
class HostilePeerTest {

    @org.junit.jupiter.api.AfterEach
    void noCallbackFailed() {
        NetFixtures.assertNoCallbackFailures();
    }
    /** The session under attack, for attacks that drive it. */
    private static volatile MoqSession victim;

    private static final MoqSessionConfig CONFIG = MoqSessionConfig.defaults().withMaxStreams(8).withMaxMessageSize(1024)
            .withMaxFrameSize(1 << 20);

    /** Runs {@code attack} from a raw peer against a server that also serves a good subscriber. */
    private static void expectClose(String protocol, long code, Consumer<RawPeer> attack) throws Exception {
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 1));
            try (NetFixtures.Sessions good = NetFixtures.Sessions.open(protocol, "/", origin, CONFIG);
                 MemoryBroadcast got = new MemoryBroadcast()) {
                MoqSubscription sub = good.client().subscribe("clip", "video", got.createTrack(new Track("video", 1)), -1);
                sub.started().get(5, TimeUnit.SECONDS);

                MemoryMux.Pair bad = MemoryMux.pair(protocol, "/");
                victim = MoqSession.start(bad.server(), origin, CONFIG);
                RawPeer peer = new RawPeer(bad.client());
                attack.accept(peer);
                MuxCloseReason reason = bad.client().closeFuture().get(5, TimeUnit.SECONDS);
                assertEquals(code, reason.code(), "close code: " + reason);
                assertTrue(reason.remote());
                victim.closed().get(5, TimeUnit.SECONDS);

                // The good subscriber still gets data produced after the attack.
                GroupProducer g = track.appendGroup();
                g.writeFrame(Bufs.ALLOC.buffer().writeBytes(new byte[] {1, 2, 3}));
                g.finish();
                track.finish();
                sub.done().get(5, TimeUnit.SECONDS);
                assertEquals(1, got.frames("video").size());
            }
        }
    }

    private static void uni(RawPeer peer, String hex, boolean fin) {
        MuxSendStream s = open(peer.end.openUni());
        if (s == null) {
            return;
        }
        s.write(RawPeer.hex(hex));
        if (fin) {
            s.finish();
        }
    }

    /** @return the stream, or null when the victim already closed the connection (the attack worked) */
    private static <T> T open(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            return null;
        }
    }

    private static void bidi(RawPeer peer, String hex) {
        MuxStream s = open(peer.end.openBidi());
        if (s == null) {
            return;
        }
        peer.watch(s);
        s.write(RawPeer.hex(hex));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "moq-lite-04", "moq-lite-05"})
    void unknownUniStreamType(String protocol) throws Exception {
        expectClose(protocol, protocol.isEmpty() ? ErrorCode.PROTOCOL_VIOLATION : ErrorCode.UNEXPECTED_STREAM,
                p -> uni(p, "3f 01 02 03", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"moq-lite-04", "moq-lite-05"})
    void unknownBidiStreamType(String protocol) throws Exception {
        expectClose(protocol, ErrorCode.UNEXPECTED_STREAM, p -> bidi(p, "17 00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"moq-lite-04", "moq-lite-05"})
    void oversizedSubscribe(String protocol) throws Exception {
        // Subscribe stream announcing a 1 MiB message: refused before the body arrives.
        expectClose(protocol, ErrorCode.DECODE, p -> bidi(p, "02 80 10 00 00 00"));
    }

    @Test
    void oversizedClientSetup() throws Exception {
        expectClose("", ErrorCode.DECODE, p -> bidi(p, "20 ff ff 00"));
    }

    @Test
    void garbageSubscribe() throws Exception {
        // Length 3 but a string that claims 9 bytes.
        expectClose("moq-lite-04", ErrorCode.DECODE, p -> bidi(p, "02 03 00 09 41"));
    }

    @Test
    void frameAboveTheLimit() throws Exception {
        // The victim subscribes to the raw peer, which answers with a group whose first frame
        // declares 16 MiB (above the 1 MiB limit).
        MemoryBroadcast sink = new MemoryBroadcast();
        try {
            expectClose("moq-lite-04", ErrorCode.FRAME_TOO_LARGE, p -> {
                victim.subscribe("x", "video", sink.createTrack(new Track("video", 0)), -1);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (p.events.stream().noneMatch(e -> e.startsWith("bidi")) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                uni(p, "00 02 00 00 81 00 00 00", false);
            });
        } finally {
            sink.close();
        }
    }

    @Test
    void tooManyStreams() throws Exception {
        expectClose("moq-lite-04", ErrorCode.PROTOCOL_VIOLATION, p -> {
            for (int i = 0; i < 9; i++) {
                // Open streams only count once they carry a byte.
                uni(p, "", false);
            }
        });
    }

    @Test
    void secondSetupStream() throws Exception {
        expectClose("moq-lite-05", ErrorCode.PROTOCOL_VIOLATION, p -> {
            uni(p, "01 01 00", true);
            uni(p, "01 01 00", true);
        });
    }

    @Test
    void reusedSubscribeId() throws Exception {
        expectClose("moq-lite-04", ErrorCode.DUPLICATE, p -> {
            bidi(p, "02 11 07 04 63 6c 69 70 05 76 69 64 65 6f 00 00 00 00 00");
            bidi(p, "02 11 07 04 63 6c 69 70 05 76 69 64 65 6f 00 00 00 00 00");
        });
    }
}
