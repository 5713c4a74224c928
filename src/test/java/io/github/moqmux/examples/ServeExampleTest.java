package io.github.moqmux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.net.MoqOrigin;
import io.github.moqmux.net.MoqSession;
import io.github.moqmux.net.MoqSubscription;
import io.github.moqmux.net.ws.MoqClient;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Runs README's server example on a pipe and reads the broadcast back with {@link MoqClient}. */
class ServeExampleTest {
    @Test
    void servesWhatArrivesOnStdin() throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of("testdata/h264_aac.mp4"));
        List<List<byte[]>> expected;
        try (MemoryBroadcast b = new MemoryBroadcast(); CatalogProducer c = new CatalogProducer(b);
             Fmp4Importer i = new Fmp4Importer(b, c, Fmp4Config.defaults())) {
            i.decodeFrom(new java.io.ByteArrayInputStream(bytes));
            i.finish();
            expected = b.frames("0.hang");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        InputStream stdin = System.in;
        PipedOutputStream feed = new PipedOutputStream();
        System.setIn(new PipedInputStream(feed, 1 << 20));
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread server = new Thread(() -> {
            try {
                ServeExample.main(new String[] {String.valueOf(port)});
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        server.start();
        try (MemoryBroadcast got = new MemoryBroadcast()) {
            MoqSession session = connect(URI.create("ws://127.0.0.1:" + port + "/"));
            int moovEnd = moovEnd(bytes);
            feed.write(bytes, 0, moovEnd); // ftyp + moov: the tracks exist, no media yet
            feed.flush();
            MoqSubscription sub = null;
            String name = null;
            for (int tries = 0; sub == null; tries++) {
                name = "0.hang#" + tries; // a refused subscription leaves its sink track aborted
                MoqSubscription s = session.subscribe("live", "0.hang", got.createTrack(new Track(name, 0)), 0);
                try {
                    s.started().get(10, TimeUnit.SECONDS);
                    sub = s;
                } catch (ExecutionException notYet) {
                    assertThat(tries).isLessThan(50);
                    Thread.sleep(100);
                }
            }
            feed.write(bytes, moovEnd, bytes.length - moovEnd);
            feed.close();
            sub.done().get(20, TimeUnit.SECONDS);
            assertThat(got.frames(name)).hasSameSizeAs(expected);
            for (int g = 0; g < expected.size(); g++) {
                assertThat(got.frames(name).get(g)).containsExactlyElementsOf(expected.get(g));
            }
            session.close(0, "done");
        } finally {
            server.interrupt();
            server.join(10_000);
            System.setIn(stdin);
        }
        assertThat(server.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    }

    private static int moovEnd(byte[] b) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
        for (int off = 0; ; ) {
            int size = in.getInt(off);
            boolean moov = b[off + 4] == 'm' && b[off + 5] == 'o' && b[off + 6] == 'o' && b[off + 7] == 'v';
            off += size;
            if (moov) {
                return off;
            }
        }
    }

    private static MoqSession connect(URI uri) throws Exception {
        for (int tries = 0; ; tries++) {
            try {
                MoqSession s = MoqClient.connect(uri, new MoqOrigin()).get(10, TimeUnit.SECONDS);
                s.ready().get(10, TimeUnit.SECONDS);
                return s;
            } catch (ExecutionException refused) {
                if (tries > 100) {
                    throw refused;
                }
                Thread.sleep(100);
            }
        }
    }
}
