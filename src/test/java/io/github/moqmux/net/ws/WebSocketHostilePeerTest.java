package io.github.moqmux.net.ws;

import static io.github.moqmux.net.ws.WsLoopback.buf;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.mux.MuxStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that break the framing or our limits lose their connection with the QUIC transport error;
 * the server and its other connections go on.
 */
class WebSocketHostilePeerTest {
    private static final long T = 10;
    private WsLoopback net;

    @AfterEach
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    /** A well-behaved connection, opened first; it must still echo after the hostile one ends. */
    private WsLoopback.Side[] bystander;

    private void startWithBystander(WebSocketServerConfig.Builder config) throws Exception {
        net = new WsLoopback(config);
        bystander = net.connect("qmux", "/");
    }

    private void bystanderStillWorks() throws Exception {
        MuxSendStream uni = bystander[0].conn().openUni().get(T, TimeUnit.SECONDS);
        uni.write(buf(new byte[] {42}));
        uni.finish();
        Recorder.Accepted a = bystander[1].recorder().accepted.poll(T, TimeUnit.SECONDS);
        assertThat(a.reader().done.get(T, TimeUnit.SECONDS)).containsExactly(42);
    }

    /** Sends one raw binary message from the client side of {@code s}. */
    private static void raw(WsLoopback.Side client, ByteBuf message) {
        ((WsMuxConnection) client.conn()).channel().writeAndFlush(new BinaryWebSocketFrame(message));
    }

    private static ByteBuf hex(String s) {
        byte[] b = HexFormat.of().parseHex(s.replace(" ", ""));
        return ByteBufAllocator.DEFAULT.buffer(b.length).writeBytes(b);
    }

    /** A STREAM frame (OFF|LEN) of {@code n} zero bytes at offset 0. */
    private static ByteBuf streamFrame(long id, int n) {
        ByteBuf b = QmuxFraming.INSTANCE.streamHeader(ByteBufAllocator.DEFAULT, id, 0, n, false);
        return b.writeZero(n);
    }

    /** Both ends of the hostile connection saw the transport error {@code code}. */
    private void closedWith(WsLoopback.Side[] s, long code) throws Exception {
        MuxCloseReason server = s[1].recorder().closed.get(T, TimeUnit.SECONDS);
        assertThat(server.code()).isEqualTo(code);
        assertThat(server.remote()).isFalse();
        assertThat(server.cause()).isInstanceOfSatisfying(MoqMuxException.class,
                e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.PROTOCOL));
        MuxCloseReason client = s[0].recorder().closed.get(T, TimeUnit.SECONDS);
        assertThat(client.remote()).isTrue();
        assertThat(client.code()).isEqualTo(code);
    }

    @Test
    void dataBeyondStreamCreditIsAFlowControlError() throws Exception {
        startWithBystander(WebSocketServerConfig.builder());
        WsLoopback.Side[] s = net.connect("qmux", "/");
        raw(s[0], streamFrame(2, (256 << 10) + 1));
        closedWith(s, WsProtocolError.FLOW_CONTROL_ERROR);
        bystanderStillWorks();
    }

    @Test
    void dataBeyondConnectionCreditIsAFlowControlError() throws Exception {
        startWithBystander(WebSocketServerConfig.builder()
                .limits(new TransportLimits(64 << 10, 256 << 10, 100, 100)));
        net.serverReads = false; // nothing consumed, so no credit comes back
        WsLoopback.Side[] s = net.connect("qmux", "/");
        raw(s[0], streamFrame(2, 40 << 10));
        raw(s[0], streamFrame(6, 40 << 10));
        closedWith(s, WsProtocolError.FLOW_CONTROL_ERROR);
        bystanderStillWorks();
    }

    @Test
    void tooManyStreamsIsAStreamLimitError() throws Exception {
        startWithBystander(WebSocketServerConfig.builder());
        WsLoopback.Side[] s = net.connect("qmux", "/");
        raw(s[0], streamFrame(100L << 2 | 2, 1)); // uni stream index 100; the limit is 100
        closedWith(s, WsProtocolError.STREAM_LIMIT_ERROR);
        bystanderStillWorks();
    }

    @Test
    void aFrameForOurUnopenedStreamIsAStreamStateError() throws Exception {
        startWithBystander(WebSocketServerConfig.builder());
        WsLoopback.Side[] s = net.connect("qmux", "/");
        raw(s[0], hex("05 07 00")); // STOP_SENDING for server uni stream 7, never opened
        closedWith(s, WsProtocolError.STREAM_STATE_ERROR);
        bystanderStillWorks();
    }

    @Test
    void garbageFrameIsAFrameEncodingError() throws Exception {
        startWithBystander(WebSocketServerConfig.builder());
        WsLoopback.Side[] s = net.connect("qmux", "/");
        raw(s[0], hex("21 de ad be ef"));
        closedWith(s, WsProtocolError.FRAME_ENCODING_ERROR);
        bystanderStillWorks();
    }

    @Test
    void textMessageIsAProtocolViolation() throws Exception {
        startWithBystander(WebSocketServerConfig.builder());
        WsLoopback.Side[] s = net.connect("legacy", "/");
        ((WsMuxConnection) s[0].conn()).channel().writeAndFlush(new TextWebSocketFrame("hello"));
        closedWith(s, WsProtocolError.PROTOCOL_VIOLATION);
        bystanderStillWorks();
    }

    @Test
    void oversizedMessageEndsTheConnection() throws Exception {
        startWithBystander(WebSocketServerConfig.builder().maxMessageSize(4096));
        WsLoopback.Side[] s = net.connect("qmux", "/");
        raw(s[0], streamFrame(2, 8000));
        MuxCloseReason server = s[1].recorder().closed.get(T, TimeUnit.SECONDS);
        assertThat(server.cause()).isInstanceOfSatisfying(MoqMuxException.class,
                e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.PROTOCOL));
        assertThat(s[0].recorder().closed.get(T, TimeUnit.SECONDS)).isNotNull();
        bystanderStillWorks();
    }

    @Test
    void legacyPeerFloodingAnUnreadStreamIsCutOff() throws Exception {
        startWithBystander(WebSocketServerConfig.builder());
        net.serverReads = false;
        WsLoopback.Side[] s = net.connect("legacy", "/");
        MuxSendStream uni = s[0].conn().openUni().get(T, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            uni.write(buf(new byte[16 << 10]));
        }
        MuxCloseReason server = s[1].recorder().closed.get(T, TimeUnit.SECONDS);
        assertThat(server.code()).isEqualTo(WsProtocolError.FLOW_CONTROL_ERROR);
        bystanderStillWorks();
    }

    @Test
    void garbageOnTheSocketClosesOnlyThatConnection() throws Exception {
        startWithBystander(WebSocketServerConfig.builder());
        try (Socket raw = new Socket("127.0.0.1", net.server.port())) {
            raw.setSoTimeout((int) TimeUnit.SECONDS.toMillis(T));
            OutputStream out = raw.getOutputStream();
            out.write(("GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: qmux-00\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101").contains("qmux-00");
            WsLoopback.Side server = net.accepted.poll(T, TimeUnit.SECONDS);
            // Not a WebSocket frame at all: reserved bits set, unmasked.
            byte[] garbage = new byte[64];
            java.util.Arrays.fill(garbage, (byte) 0xff);
            out.write(garbage);
            out.flush();
            MuxCloseReason r = server.recorder().closed.get(T, TimeUnit.SECONDS);
            assertThat(r.cause()).isInstanceOfSatisfying(MoqMuxException.class,
                    e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.PROTOCOL));
            // The server closes the socket: reads end.
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // drain our transport parameters and the close frame
            }
        }
        bystanderStillWorks();
    }

    static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Test
    void aPeerThatStopsReadingOnlyFillsItsOwnCredit() throws Exception {
        startWithBystander(WebSocketServerConfig.builder());
        net.serverReads = false;
        WsLoopback.Side[] s = net.connect("qmux", "/");
        MuxStream bidi = s[0].conn().openBidi().get(T, TimeUnit.SECONDS);
        bidi.write(buf(new byte[1 << 20]));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(T);
        while (bidi.queuedBytes() != (1 << 20) - (256 << 10) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // The server holds at most one stream window for it; the rest waits at the sender.
        assertThat(bidi.queuedBytes()).isEqualTo((1 << 20) - (256 << 10));
        bystanderStillWorks();
        s[0].conn().close(0, "");
    }
}
