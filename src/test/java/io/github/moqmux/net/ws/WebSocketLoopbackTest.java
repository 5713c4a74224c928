package io.github.moqmux.net.ws;

import static io.github.moqmux.net.ws.WsLoopback.buf;
import static io.github.moqmux.net.ws.WsLoopback.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.mux.MuxStreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our client against our server over loopback, in both framings. */
class WebSocketLoopbackTest {
    private static final long T = 10;
    private WsLoopback net;

    @AfterEach
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static <V> V get(CompletableFuture<V> f) throws Exception {
        return f.get(T, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qmux", "legacy"})
    void negotiatesAndCarriesThePath(String framing) throws Exception {
        net = new WsLoopback();
        WsLoopback.Side[] s = net.connect(framing, "/anon/room?jwt=abc");
        WsMuxConnection client = (WsMuxConnection) s[0].conn();
        WsMuxConnection server = (WsMuxConnection) s[1].conn();
        if (framing.equals("qmux")) {
            assertThat(client.subprotocol()).isEqualTo("qmux-00.moq-lite-05");
            assertThat(server.protocol()).isEqualTo("moq-lite-05");
            assertThat(client.protocol()).isEqualTo("moq-lite-05");
        } else {
            assertThat(client.subprotocol()).isEqualTo("webtransport");
            assertThat(server.protocol()).isEmpty();
        }
        assertThat(server.path()).isEqualTo("/anon/room");
        assertThat(client.path()).isEqualTo("/anon/room");
        assertThat(server.isServer()).isTrue();
        assertThat(client.isServer()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qmux", "legacy"})
    void bidiAndUniStreamsBothWays(String framing) throws Exception {
        net = new WsLoopback();
        WsLoopback.Side[] s = net.connect(framing, "/");
        WsLoopback.Side client = s[0];
        WsLoopback.Side server = s[1];

        // Client opens a bidi stream; the server echoes on it.
        server.recorder().hook = a -> {
            if (a.bidi() != null) {
                a.reader().onChunk = b -> a.bidi().write(buf(b));
                a.reader().done.thenRun(a.bidi()::finish);
            }
        };
        MuxStream bidi = get(client.conn().openBidi());
        assertThat(bidi.id()).isEqualTo(0);
        Recorder.Reader echo = new Recorder.Reader();
        bidi.handler(echo);
        bidi.write(buf("hello ".getBytes()));
        bidi.write(buf("world".getBytes()));
        bidi.finish();
        get(bidi.done());
        assertThat(new String(get(echo.done))).isEqualTo("hello world");

        // Client uni to server.
        MuxSendStream uni = get(client.conn().openUni());
        assertThat(uni.id()).isEqualTo(2);
        uni.write(buf(new byte[] {1, 2, 3}));
        uni.finish();
        Recorder.Accepted first = server.recorder().accepted.poll(T, TimeUnit.SECONDS);
        Recorder.Accepted second = server.recorder().accepted.poll(T, TimeUnit.SECONDS);
        assertThat(first.bidi()).isNotNull();
        assertThat(second.bidi()).isNull();
        assertThat(second.recv().id()).isEqualTo(2);
        assertThat(get(second.reader().done)).containsExactly(1, 2, 3);

        // Server uni and bidi to the client.
        MuxSendStream su = get(server.conn().openUni());
        assertThat(su.id()).isEqualTo(3);
        su.write(buf(new byte[] {9}));
        su.finish();
        MuxStream sb = get(server.conn().openBidi());
        assertThat(sb.id()).isEqualTo(1);
        Recorder.Reader back = new Recorder.Reader();
        sb.handler(back);
        sb.write(buf(new byte[] {7, 7}));
        sb.finish();
        Recorder.Accepted cu = client.recorder().accepted.poll(T, TimeUnit.SECONDS);
        Recorder.Accepted cb = client.recorder().accepted.poll(T, TimeUnit.SECONDS);
        assertThat(cu.recv().id()).isEqualTo(3);
        assertThat(get(cu.reader().done)).containsExactly(9);
        assertThat(cb.bidi().id()).isEqualTo(1);
        assertThat(get(cb.reader().done)).containsExactly(7, 7);
        cb.bidi().write(buf(new byte[] {5}));
        cb.bidi().finish();
        assertThat(get(back.done)).containsExactly(5);

        client.conn().close(42, "bye");
        MuxCloseReason r = get(server.recorder().closed);
        assertThat(r.code()).isEqualTo(42);
        assertThat(r.reason()).isEqualTo("bye");
        assertThat(r.remote()).isTrue();
        MuxCloseReason local = get(client.conn().closeFuture());
        assertThat(local.remote()).isFalse();
        assertThat(local.code()).isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qmux", "legacy"})
    void manyMegabytesArriveInOrder(String framing) throws Exception {
        net = new WsLoopback();
        WsLoopback.Side[] s = net.connect(framing, "/");
        byte[] data = bytes(3 << 20, 7);
        MuxSendStream uni = get(s[0].conn().openUni());
        // Writes of odd sizes, so frames and writes do not line up.
        for (int off = 0; off < data.length; ) {
            int n = Math.min(data.length - off, 70_001);
            byte[] chunk = new byte[n];
            System.arraycopy(data, off, chunk, 0, n);
            uni.write(buf(chunk));
            off += n;
        }
        uni.finish();
        Recorder.Accepted a = s[1].recorder().accepted.poll(T, TimeUnit.SECONDS);
        // Generous: PARANOID leak detection records every buffer access.
        assertThat(a.reader().done.get(60, TimeUnit.SECONDS)).isEqualTo(data);
        get(uni.done());
        assertThat(uni.queuedBytes()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qmux", "legacy"})
    void resetReachesTheReader(String framing) throws Exception {
        net = new WsLoopback();
        WsLoopback.Side[] s = net.connect(framing, "/");
        MuxSendStream uni = get(s[0].conn().openUni());
        uni.write(buf(new byte[] {1}));
        Recorder.Accepted a = s[1].recorder().accepted.poll(T, TimeUnit.SECONDS);
        uni.reset(7);
        assertThatThrownBy(() -> get(a.reader().done)).hasMessageContaining("reset 7");
        assertThat(a.reader().resetCode).isEqualTo(7);
        assertThatThrownBy(() -> get(uni.done())).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(MuxStreamException.class, e -> assertThat(e.code()).isEqualTo(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"qmux", "legacy"})
    void stopSendingEndsTheSender(String framing) throws Exception {
        net = new WsLoopback();
        WsLoopback.Side[] s = net.connect(framing, "/");
        MuxStream bidi = get(s[0].conn().openBidi());
        bidi.write(buf(new byte[] {1}));
        Recorder.Accepted a = s[1].recorder().accepted.poll(T, TimeUnit.SECONDS);
        a.recv().stopSending(9);
        assertThatThrownBy(() -> get(bidi.done())).cause()
                .isInstanceOfSatisfying(MuxStreamException.class, e -> assertThat(e.code()).isEqualTo(9));
        // Writes after the stop are dropped (and released), not sent.
        bidi.write(buf(new byte[100]));
        get(CompletableFuture.runAsync(() -> { }, s[0].conn().executor()));
        assertThat(bidi.queuedBytes()).isZero();
        // The other half still works: the server answers on it.
        Recorder.Reader r = new Recorder.Reader();
        bidi.handler(r);
        a.bidi().write(buf(new byte[] {4}));
        a.bidi().finish();
        assertThat(get(r.done)).containsExactly(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qmux", "legacy"})
    void peerLeavingEndsStreamsAndPendingWork(String framing) throws Exception {
        net = new WsLoopback();
        WsLoopback.Side[] s = net.connect(framing, "/");
        MuxSendStream uni = get(s[0].conn().openUni());
        uni.write(buf(new byte[] {1}));
        Recorder.Accepted a = s[1].recorder().accepted.poll(T, TimeUnit.SECONDS);
        s[0].conn().close(0, "");
        assertThat(get(s[1].conn().closeFuture()).remote()).isTrue();
        assertThatThrownBy(() -> get(a.reader().done)).hasMessageContaining("reset " + MuxStreamException.CONNECTION_CLOSED);
        assertThatThrownBy(() -> get(s[1].conn().openUni())).cause().isInstanceOfSatisfying(
                MoqMuxException.class, e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.CONNECTION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"qmux", "legacy"})
    void serverCloseEndsClients(String framing) throws Exception {
        net = new WsLoopback();
        WsLoopback.Side[] s = net.connect(framing, "/");
        net.server.close();
        MuxCloseReason r = get(s[0].recorder().closed);
        assertThat(r.remote()).as("%s", r).isTrue();
        assertThat(r.reason()).isEqualTo("server shutting down");
        net = null;
    }

    @org.junit.jupiter.api.Test
    void creditExhaustionQueuesThenDrains() throws Exception {
        net = new WsLoopback();
        net.serverReads = false; // streams are held without a handler: no credit comes back
        WsLoopback.Side[] s = net.connect("qmux", "/");
        byte[] data = bytes(600 << 10, 3);
        MuxSendStream uni = get(s[0].conn().openUni());
        uni.write(buf(data));
        Recorder.Accepted a = s[1].recorder().accepted.poll(T, TimeUnit.SECONDS);
        // The stream window is 256 KiB: the rest waits in our stream.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(T);
        while (uni.queuedBytes() != data.length - (256 << 10) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(uni.queuedBytes()).isEqualTo(data.length - (256 << 10));
        Thread.sleep(200);
        assertThat(uni.queuedBytes()).isEqualTo(data.length - (256 << 10));
        uni.finish();
        Recorder.Reader r = new Recorder.Reader();
        a.recv().handler(r);
        assertThat(get(r.done)).isEqualTo(data);
        get(uni.done());
        assertThat(uni.queuedBytes()).isZero();
    }

    @org.junit.jupiter.api.Test
    void openingBeyondThePeersStreamLimitWaitsForMaxStreams() throws Exception {
        net = new WsLoopback();
        WsLoopback.Side[] s = net.connect("qmux", "/");
        List<MuxSendStream> open = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            open.add(get(s[0].conn().openUni()));
        }
        CompletableFuture<MuxSendStream> more = s[0].conn().openUni();
        Thread.sleep(200);
        assertThat(more).isNotDone();
        // The server gives back credit once half of its 100 streams have ended.
        for (int i = 0; i < 50; i++) {
            open.get(i).finish();
        }
        MuxSendStream next = get(more);
        assertThat(next.id()).isEqualTo(100L << 2 | 2);
        for (MuxSendStream u : open) {
            u.finish();
        }
        next.finish();
    }
}
