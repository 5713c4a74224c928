package io.github.moqmux.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.net.mux.MemoryMux;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared helpers of the session tests. */
final class NetFixtures {
    private NetFixtures() {
    }

    /** Fails if a connection callback threw (the in-memory transport records them). */
    static void assertNoCallbackFailures() {
        RuntimeException first = MemoryMux.FAILURES.poll();
        MemoryMux.FAILURES.clear();
        if (first != null) {
            throw new AssertionError("a connection callback threw", first);
        }
    }

    static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(Path.of("testdata", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Imports {@code bytes} into {@code broadcast} exactly as {@code Imports.whole} does. */
    static void importInto(BroadcastProducer broadcast, byte[] bytes, Fmp4Config config) {
        CatalogProducer catalog = new CatalogProducer(broadcast);
        Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, config);
        ByteBuf buf = Bufs.ALLOC.buffer(bytes.length).writeBytes(bytes);
        try {
            importer.decode(buf);
            importer.finish();
        } finally {
            importer.close();
            catalog.close();
            buf.release();
        }
    }

    /** @return the offset just after the top-level {@code moov} box (32-bit sizes only, as the fixtures use) */
    static int moovEnd(byte[] bytes) {
        int off = 0;
        while (off + 8 <= bytes.length) {
            long size = ((bytes[off] & 0xFFL) << 24) | ((bytes[off + 1] & 0xFF) << 16) | ((bytes[off + 2] & 0xFF) << 8)
                    | (bytes[off + 3] & 0xFF);
            String type = new String(bytes, off + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            off += (int) size;
            if (type.equals("moov")) {
                return off;
            }
        }
        throw new AssertionError("no moov");
    }

    /** A connected pair of sessions: the server serves {@code origin}. */
    record Sessions(MemoryMux.Pair pair, MoqSession server, MoqSession client) implements AutoCloseable {
        static Sessions open(String protocol, String path, MoqOrigin origin, MoqSessionConfig config) throws Exception {
            MemoryMux.Pair pair = MemoryMux.pair(protocol, path);
            MoqSession server = MoqSession.start(pair.server(), origin, config);
            MoqSession client = MoqSession.start(pair.client(), new MoqOrigin(), config);
            client.ready().get(5, TimeUnit.SECONDS);
            server.ready().get(5, TimeUnit.SECONDS);
            return new Sessions(pair, server, client);
        }

        @Override
        public void close() throws Exception {
            client.close(0, "test done");
            client.closed().get(5, TimeUnit.SECONDS);
            server.closed().get(5, TimeUnit.SECONDS);
        }
    }

    /** Subscribes to every track of {@code names} from group {@code start} into a new MemoryBroadcast and waits for the end. */
    static MemoryBroadcast readAll(MoqSession client, String broadcast, Map<String, Integer> tracks, long start)
            throws Exception {
        MemoryBroadcast got = new MemoryBroadcast();
        List<MoqSubscription> subs = new java.util.ArrayList<>();
        for (Map.Entry<String, Integer> t : tracks.entrySet()) {
            subs.add(client.subscribe(broadcast, t.getKey(), got.createTrack(new Track(t.getKey(), t.getValue())), start));
        }
        for (MoqSubscription s : subs) {
            s.done().get(20, TimeUnit.SECONDS);
        }
        return got;
    }

    static void assertSameFrames(List<List<byte[]>> expected, List<List<byte[]>> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": group count");
        for (int g = 0; g < expected.size(); g++) {
            assertEquals(expected.get(g).size(), actual.get(g).size(), what + ": frames in group " + g);
            for (int f = 0; f < expected.get(g).size(); f++) {
                assertArrayEquals(expected.get(g).get(f), actual.get(g).get(f), what + ": group " + g + " frame " + f);
            }
        }
    }
}
