package io.github.moqmux.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.net.mux.MemoryMux;
import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.testing.Bufs;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded random bytes, behind each stream type, in random pieces: the session either goes on or
 * closes with one of its error codes; no callback ever throws and nothing leaks.
 */
class RandomBytesTest {
    private static final Set<Long> CODES = Set.of(0L, ErrorCode.DECODE, ErrorCode.UNEXPECTED_STREAM,
            ErrorCode.PROTOCOL_VIOLATION, ErrorCode.UNEXPECTED_MESSAGE, ErrorCode.DUPLICATE, ErrorCode.VERSION,
            ErrorCode.FRAME_TOO_LARGE);

    @AfterEach
    void noCallbackFailed() {
        NetFixtures.assertNoCallbackFailures();
    }

    @Test
    void randomStreamsEndInACodeOrNothing() throws Exception {
        Random random = new Random(20261201);
        String[] protocols = {"", "moq-lite-04", "moq-lite-05"};
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast served = new NetworkBroadcast()) {
            origin.publish("clip", served);
            TrackProducer track = served.createTrack(new Track("video", 0));
            track.appendGroup().writeFrame(Bufs.ALLOC.buffer().writeBytes(new byte[] {1}));
            for (int round = 0; round < 300; round++) {
                String protocol = protocols[round % 3];
                MemoryMux.Pair pair = MemoryMux.pair(protocol, "/");
                MoqSession session = MoqSession.start(pair.server(), origin, MoqSessionConfig.defaults().withMaxMessageSize(256));
                RawPeer peer = new RawPeer(pair.client());
                int streams = 1 + random.nextInt(3);
                for (int s = 0; s < streams; s++) {
                    boolean uni = random.nextBoolean();
                    CompletableFuture<? extends MuxSendStream> open = uni ? peer.end.openUni() : peer.end.openBidi();
                    MuxSendStream stream;
                    try {
                        stream = open.get(5, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        break; // the session already closed the connection
                    }
                    int type = random.nextInt(8) == 0 ? random.nextInt(256) : random.nextInt(uni ? 2 : 7);
                    byte[] body = new byte[random.nextInt(40)];
                    random.nextBytes(body);
                    if (random.nextBoolean() && body.length > 0) {
                        body[0] = (byte) random.nextInt(body.length); // a plausible length prefix
                    }
                    stream.write(Bufs.ALLOC.buffer().writeByte(type < 64 ? type : 0x40).writeBytes(
                            type < 64 ? new byte[0] : new byte[] {(byte) type}));
                    for (int off = 0; off < body.length; ) {
                        int n = Math.min(body.length - off, 1 + random.nextInt(8));
                        stream.write(Bufs.ALLOC.buffer(n).writeBytes(body, off, n));
                        off += n;
                    }
                    if (random.nextBoolean()) {
                        stream.finish();
                    } else if (random.nextInt(4) == 0) {
                        stream.reset(random.nextInt(30));
                    }
                }
                Thread.sleep(2);
                pair.client().close(0, "round over");
                MuxCloseReason reason = session.closed().get(5, TimeUnit.SECONDS);
                MuxCloseReason seen = pair.client().closeFuture().get(5, TimeUnit.SECONDS);
                assertTrue(CODES.contains(seen.code()), "round " + round + ": " + seen);
                assertTrue(reason != null);
            }
        }
    }
}
