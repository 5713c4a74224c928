package io.github.moqmux.net.ws;

import static io.github.moqmux.net.ws.WsLoopback.buf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.net.mux.MuxConnection;
import io.github.moqmux.net.mux.MuxSendStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TLS, plain HTTP, refused and rejected connections, and the server's limits. */
class WebSocketServerEdgeTest {
    private static final long T = 10;
    private WsLoopback net;

    @AfterEach
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(WebSocketServerEdgeTest.class.getResource("/ws/" + name).toURI());
    }

    private static MoqMuxException connectFailure(CompletableFuture<MuxConnection> f) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> f.get(T, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(MoqMuxException.class);
        MoqMuxException m = (MoqMuxException) e.getCause();
        assertThat(m.kind()).isEqualTo(MoqMuxException.Kind.CONNECTION);
        return m;
    }

    @Test
    void wssWithAPemCertificate() throws Exception {
        net = new WsLoopback(WebSocketServerConfig.builder().tls(resource("cert.pem"), resource("key.pem")));
        URI uri = URI.create("wss://127.0.0.1:" + net.server.port() + "/secure");
        MuxConnection client = WebSocketClient.connect(uri, List.of("moq-lite-05"),
                WebSocketClientConfig.builder().trustedCertificates(resource("cert.pem")).build())
                .get(T, TimeUnit.SECONDS);
        client.handler(new Recorder());
        WsLoopback.Side server = net.accepted.poll(T, TimeUnit.SECONDS);
        assertThat(server.conn().path()).isEqualTo("/secure");
        MuxSendStream uni = client.openUni().get(T, TimeUnit.SECONDS);
        uni.write(buf(new byte[] {1, 2}));
        uni.finish();
        Recorder.Accepted a = server.recorder().accepted.poll(T, TimeUnit.SECONDS);
        assertThat(a.reader().done.get(T, TimeUnit.SECONDS)).containsExactly(1, 2);
        client.close(0, "");

        // "localhost" is in the certificate too; host name checks are on.
        URI byName = URI.create("wss://localhost:" + net.server.port() + "/");
        MuxConnection c2 = WebSocketClient.connect(byName, List.of("moq-lite-05"),
                WebSocketClientConfig.builder().trustedCertificates(resource("cert.pem")).build())
                .get(T, TimeUnit.SECONDS);
        c2.close(0, "");

        // The JDK's trust store does not know our self-signed certificate.
        MoqMuxException e = connectFailure(WebSocketClient.connect(uri, List.of("moq-lite-05"),
                WebSocketClientConfig.DEFAULT));
        assertThat(e.getMessage()).contains("TLS handshake with " + uri + " failed");

        MuxConnection insecure = WebSocketClient.connect(uri, List.of("moq-lite-05"),
                WebSocketClientConfig.builder().insecure(true).build()).get(T, TimeUnit.SECONDS);
        insecure.close(0, "");
    }

    @Test
    void plainHttpRequests() throws Exception {
        net = new WsLoopback();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(T)).build();
        HttpResponse<String> cert = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + net.server.port() + "/certificate.sha256")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cert.statusCode()).isEqualTo(404);
        assertThat(cert.headers().firstValue("access-control-allow-origin")).hasValue("*");
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + net.server.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(426);
    }

    @Test
    void refusedConnection() throws Exception {
        net = new WsLoopback();
        int port = net.server.port();
        net.close();
        net = null;
        URI uri = URI.create("ws://127.0.0.1:" + port + "/");
        MoqMuxException e = connectFailure(WebSocketClient.connect(uri, List.of("moq-lite-05"),
                WebSocketClientConfig.DEFAULT));
        assertThat(e.getMessage()).isEqualTo("cannot connect to " + uri + ": connection refused");
    }

    @Test
    void handshakeRejectedNamesTheStatus() throws Exception {
        net = new WsLoopback(WebSocketServerConfig.builder().webTransport(false).bareQmux(false));
        URI uri = net.uri("/");
        MoqMuxException e = connectFailure(WebSocketClient.connect(uri, List.of("moq-lite-99"),
                WebSocketClientConfig.builder().bareQmux(true).webTransport(true).build()));
        assertThat(e.getMessage()).isEqualTo("WebSocket handshake rejected by " + uri + ": HTTP 400 Bad Request");
    }

    @Test
    void clientOfferingOnlyBareQmuxGetsNoProtocol() throws Exception {
        net = new WsLoopback();
        MuxConnection c = WebSocketClient.connect(net.uri("/"), List.of(),
                WebSocketClientConfig.builder().webTransport(false).build()).get(T, TimeUnit.SECONDS);
        assertThat(((WsMuxConnection) c).subprotocol()).isEqualTo("qmux-00");
        assertThat(c.protocol()).isEmpty();
        c.close(0, "");
    }

    @Test
    void connectionsBeyondTheLimitAreRefused() throws Exception {
        net = new WsLoopback(WebSocketServerConfig.builder().maxConnections(1));
        WsLoopback.Side[] first = net.connect("qmux", "/");
        connectFailure(WebSocketClient.connect(net.uri("/"), List.of("moq-lite-05"), WebSocketClientConfig.DEFAULT));
        assertThat(first[0].conn().closeFuture()).isNotDone();
    }

    @Test
    void silentTcpConnectionIsDroppedAfterTheHandshakeTimeout() throws Exception {
        net = new WsLoopback(WebSocketServerConfig.builder().handshakeTimeout(Duration.ofMillis(300)));
        try (Socket raw = new Socket("127.0.0.1", net.server.port())) {
            raw.setSoTimeout((int) TimeUnit.SECONDS.toMillis(T));
            InputStream in = raw.getInputStream();
            long start = System.nanoTime();
            assertThat(in.read()).isEqualTo(-1);
            assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(250));
        }
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        net = new WsLoopback(WebSocketServerConfig.builder().idleTimeout(Duration.ofMillis(500))
                .pingInterval(Duration.ofSeconds(60)));
        // A client that never pings: its own ping interval is longer than the server's timeout.
        MuxConnection c = WebSocketClient.connect(net.uri("/"), List.of("moq-lite-05"),
                WebSocketClientConfig.builder().pingInterval(Duration.ofSeconds(60)).build())
                .get(T, TimeUnit.SECONDS);
        c.handler(new Recorder());
        WsLoopback.Side server = net.accepted.poll(T, TimeUnit.SECONDS);
        assertThat(server.recorder().closed.get(T, TimeUnit.SECONDS).reason()).contains("idle");
        assertThat(c.closeFuture().get(T, TimeUnit.SECONDS).remote()).isTrue();
        assertThatThrownBy(() -> c.openUni().get(T, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }
}
