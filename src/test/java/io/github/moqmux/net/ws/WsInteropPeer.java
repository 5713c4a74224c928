package io.github.moqmux.net.ws;

import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxConnection;
import io.github.moqmux.net.mux.MuxRecvStream;
import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.mux.MuxStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Java side of the interop run against {@code @moq/qmux} in Node ({@code src/test/ws-peer/run.sh}).
 *
 * <ul>
 *   <li>{@code server}: an echo server on a free loopback port, printed as {@code PORT n}; it
 *       echoes every bidirectional stream on itself and every unidirectional stream on a new one,
 *       until stdin ends.</li>
 *   <li>{@code client URL qmux|legacy}: connects to the Node echo server and prints one
 *       {@code PASS name} or {@code FAIL name: why} line per check.</li>
 * </ul>
 */
public final class WsInteropPeer {
    private static final long T = 30;

    private WsInteropPeer() {
    }

    /**
     * Runs the server or the client.
     *
     * @param args {@code server}, or {@code client URL qmux|legacy}
     * @throws Exception when the run itself cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("server")) {
            try (WebSocketServer server = WebSocketServer.start(WebSocketServerConfig.builder().build(),
                    conn -> conn.handler(new Echo(conn)))) {
                System.out.println("PORT " + server.port());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // serve until stdin ends
                }
            }
            return;
        }
        if (args.length == 3 && args[0].equals("client")) {
            System.exit(client(URI.create(args[1]), args[2].equals("legacy")) ? 0 : 1);
        }
        System.err.println("usage: WsInteropPeer server | client URL qmux|legacy");
        System.exit(2);
    }

    /** Echoes bidi streams on themselves and uni streams on a new uni stream. */
    static final class Echo implements MuxConnection.Handler {
        private final MuxConnection conn;

        Echo(MuxConnection conn) {
            this.conn = conn;
        }

        @Override
        public void onBidiStream(MuxStream stream) {
            stream.handler(new MuxRecvStream.Handler() {
                @Override
                public void onData(ByteBuf data) {
                    stream.write(data);
                }

                @Override
                public void onFin() {
                    stream.finish();
                }

                @Override
                public void onReset(long code) {
                    stream.reset(code);
                }
            });
        }

        @Override
        public void onUniStream(MuxRecvStream stream) {
            ByteBuf all = ByteBufAllocator.DEFAULT.buffer();
            stream.handler(new MuxRecvStream.Handler() {
                @Override
                public void onData(ByteBuf data) {
                    all.writeBytes(data);
                    data.release();
                }

                @Override
                public void onFin() {
                    conn.openUni().whenComplete((out, e) -> {
                        if (e != null) {
                            all.release();
                            return;
                        }
                        out.write(all);
                        out.finish();
                    });
                }

                @Override
                public void onReset(long code) {
                    all.release();
                }
            });
        }

        @Override
        public void onClosed(MuxCloseReason reason) {
        }
    }

    /** Collects the bytes of the streams a peer opens. */
    static final class Collector implements MuxConnection.Handler {
        final BlockingQueue<CompletableFuture<byte[]>> uni = new LinkedBlockingQueue<>();

        @Override
        public void onBidiStream(MuxStream stream) {
            stream.reset(1);
            stream.stopSending(1);
        }

        @Override
        public void onUniStream(MuxRecvStream stream) {
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            stream.handler(reader(f));
            uni.add(f);
        }

        @Override
        public void onClosed(MuxCloseReason reason) {
        }
    }

    static MuxRecvStream.Handler reader(CompletableFuture<byte[]> f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return new MuxRecvStream.Handler() {
            @Override
            public void onData(ByteBuf data) {
                byte[] b = new byte[data.readableBytes()];
                data.readBytes(b);
                data.release();
                out.writeBytes(b);
            }

            @Override
            public void onFin() {
                f.complete(out.toByteArray());
            }

            @Override
            public void onReset(long code) {
                f.completeExceptionally(new IllegalStateException("reset " + code));
            }
        };
    }

    private static ByteBuf buf(byte[] b) {
        return ByteBufAllocator.DEFAULT.buffer(b.length).writeBytes(b);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    interface Check {
        void run() throws Exception;
    }

    private static boolean check(String name, Check c) {
        try {
            c.run();
            System.out.println("PASS " + name);
            return true;
        } catch (Throwable e) {
            System.out.println("FAIL " + name + ": " + e);
            return false;
        } finally {
            System.out.flush();
        }
    }

    private static byte[] bidiEcho(MuxConnection conn, byte[] data) throws Exception {
        MuxStream s = conn.openBidi().get(T, TimeUnit.SECONDS);
        CompletableFuture<byte[]> back = new CompletableFuture<>();
        s.handler(reader(back));
        for (int off = 0; off < data.length; off += 50_000) {
            s.write(buf(Arrays.copyOfRange(data, off, Math.min(data.length, off + 50_000))));
        }
        s.finish();
        return back.get(T, TimeUnit.SECONDS);
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    static boolean client(URI uri, boolean legacy) throws Exception {
        String tag = legacy ? "java client, webtransport: " : "java client, qmux-00: ";
        WebSocketClientConfig config = legacy
                ? WebSocketClientConfig.builder().bareQmux(false).webTransport(true).build()
                : WebSocketClientConfig.DEFAULT;
        List<String> alpns = legacy ? List.of() : List.of("moq-lite-05");
        MuxConnection conn;
        try {
            conn = WebSocketClient.connect(uri, alpns, config).get(T, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("FAIL " + tag + "connect: " + e);
            return false;
        }
        Collector collector = new Collector();
        conn.handler(collector);
        boolean ok = check(tag + "negotiated protocol", () -> {
            String want = legacy ? "webtransport" : "qmux-00.moq-lite-05";
            expect(((WsMuxConnection) conn).subprotocol().equals(want),
                    "subprotocol " + ((WsMuxConnection) conn).subprotocol());
        });
        ok &= check(tag + "bidi echo, small", () ->
                expect(Arrays.equals(bidiEcho(conn, "hello".getBytes()), "hello".getBytes()), "echo differs"));
        ok &= check(tag + "bidi echo, 3 MiB (flow control both ways)", () -> {
            byte[] data = random(3 << 20, 1);
            expect(Arrays.equals(bidiEcho(conn, data), data), "echo differs");
        });
        ok &= check(tag + "uni echo, 200 KiB", () -> {
            byte[] data = random(200 << 10, 2);
            MuxSendStream s = conn.openUni().get(T, TimeUnit.SECONDS);
            s.write(buf(data));
            s.finish();
            byte[] back = collector.uni.poll(T, TimeUnit.SECONDS).get(T, TimeUnit.SECONDS);
            expect(Arrays.equals(back, data), "echo differs");
        });
        ok &= check(tag + "150 uni streams (beyond the initial limit of 100)", () -> {
            for (int i = 0; i < 150; i++) {
                MuxSendStream s = conn.openUni().get(T, TimeUnit.SECONDS);
                s.write(buf(("stream " + i).getBytes()));
                s.finish();
            }
            Set<String> got = new HashSet<>();
            for (int i = 0; i < 150; i++) {
                CompletableFuture<byte[]> f = collector.uni.poll(T, TimeUnit.SECONDS);
                expect(f != null, "only " + i + " streams came back");
                got.add(new String(f.get(T, TimeUnit.SECONDS)));
            }
            Set<String> want = new HashSet<>();
            for (int i = 0; i < 150; i++) {
                want.add("stream " + i);
            }
            expect(got.equals(want), "streams differ");
        });
        List<Boolean> closed = new ArrayList<>();
        conn.close(0, "done");
        closed.add(conn.closeFuture().get(T, TimeUnit.SECONDS) != null);
        return ok && closed.get(0);
    }
}
