package io.github.moqmux.net.ws;

import io.github.moqmux.net.mux.MuxConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A server on a free loopback port and clients to it, for the loopback tests. */
final class WsLoopback implements AutoCloseable {
    /** A connection the server accepted, with the recorder set as its handler. */
    record Side(MuxConnection conn, Recorder recorder) {
    }

    final WebSocketServer server;
    final BlockingQueue<Side> accepted = new LinkedBlockingQueue<>();
    volatile boolean serverReads = true;

    WsLoopback(WebSocketServerConfig.Builder config) {
        server = WebSocketServer.start(config.host("127.0.0.1").port(0).build(), conn -> {
            Recorder r = new Recorder();
            r.read = serverReads;
            conn.handler(r);
            accepted.add(new Side(conn, r));
        });
    }

    WsLoopback() {
        this(WebSocketServerConfig.builder());
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    /** Connects a client offering the framing ({@code qmux} or {@code legacy}); returns both sides. */
    Side[] connect(String framing, String path) throws Exception {
        WebSocketClientConfig config = framing.equals("qmux")
                ? WebSocketClientConfig.DEFAULT
                : WebSocketClientConfig.builder().bareQmux(false).webTransport(true).build();
        List<String> alpns = framing.equals("qmux") ? List.of("moq-lite-05") : List.of();
        MuxConnection client = WebSocketClient.connect(uri(path), alpns, config).get(10, TimeUnit.SECONDS);
        Recorder cr = new Recorder();
        client.handler(cr);
        Side server = accepted.poll(10, TimeUnit.SECONDS);
        if (server == null) {
            throw new AssertionError("server accepted nothing");
        }
        return new Side[] {new Side(client, cr), server};
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A leak-tracked (pooled) copy of {@code b}. */
    static ByteBuf buf(byte[] b) {
        return ByteBufAllocator.DEFAULT.buffer(b.length).writeBytes(b);
    }

    @Override
    public void close() {
        server.close();
    }
}
