package io.github.moqmux.net.ws;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.net.mux.MuxConnection;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Connects to a WebSocket MoQ endpoint (moq-relay, a {@code @moq/net} server, our own
 * {@link WebSocketServer}) and returns the connection as a {@link MuxConnection}.
 *
 * <p>Offers {@code qmux-00.<alpn>} for each application protocol in order, then (configurable)
 * bare {@code qmux-00} and {@code webtransport}; the server chooses.
 *
 * <pre>{@code
 * MuxConnection conn = WebSocketClient.connect(URI.create("wss://relay.example/anon"),
 *         List.of("moq-lite-05", "moq-lite-04", "moql"), WebSocketClientConfig.DEFAULT).join();
 * conn.handler(mySession(conn));
 * }</pre>
 *
 * <p>Connections run on a shared pool of daemon I/O threads, created on first use.
 */
public final class WebSocketClient {
    private WebSocketClient() {
    }

    /** The client's I/O threads, made on first use; daemon threads, so they never hold up exit. */
    private static final class Shared {
        static final EventLoopGroup GROUP = new NioEventLoopGroup(0,
                new DefaultThreadFactory("moq-ws-client", true));
    }

    /**
     * Connects and completes the WebSocket handshake.
     *
     * @param uri    a {@code ws://} or {@code wss://} URI; its path (and query) is sent as is
     * @param alpns  application protocols, most preferred first, e.g. {@code moq-lite-05}
     * @param config the settings
     * @return the connection, on success; it fails with {@link MoqMuxException} of kind
     *         {@code CONNECTION} when the connection is refused, the handshake is rejected (the
     *         message names the HTTP status) or TLS fails
     */
    public static CompletableFuture<MuxConnection> connect(URI uri, List<String> alpns,
                                                           WebSocketClientConfig config) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(config, "config");
        CompletableFuture<MuxConnection> result = new CompletableFuture<>();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("wss");
        if (!tls && !scheme.equals("ws")) {
            result.completeExceptionally(new MoqMuxException(MoqMuxException.Kind.CONNECTION,
                    "not a ws:// or wss:// URI: " + uri));
            return result;
        }
        String host = uri.getHost();
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        SslContext ssl;
        try {
            ssl = tls ? clientContext(config) : null;
        } catch (Exception e) {
            result.completeExceptionally(new MoqMuxException(MoqMuxException.Kind.CONNECTION,
                    MoqMuxException.NO_OFFSET, "cannot set up TLS for " + uri + ": " + e.getMessage(), e));
            return result;
        }
        List<String> offered = Subprotocol.expand(alpns, config.bareQmux(), config.webTransport());
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri,
                WebSocketVersion.V13, offered.isEmpty() ? null : String.join(",", offered), false,
                new DefaultHttpHeaders(), config.maxMessageSize());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getPath();
        Bootstrap b = new Bootstrap()
                .group(Shared.GROUP)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            SslHandler h = ssl.newHandler(ch.alloc(), host, port);
                            if (!config.insecure()) {
                                SSLEngine engine = h.engine();
                                SSLParameters params = engine.getSSLParameters();
                                params.setEndpointIdentificationAlgorithm("HTTPS");
                                engine.setSSLParameters(params);
                            }
                            p.addLast(h);
                        }
                        p.addLast(new HttpClientCodec());
                        p.addLast(new HttpObjectAggregator(16 * 1024));
                        p.addLast(new ClientHandshakeHandler(uri, path, handshaker, config, result));
                    }
                });
        ChannelFuture cf = b.connect(host, port);
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                Throwable c = f.cause();
                String why = c instanceof ConnectException ? "connection refused" : String.valueOf(c.getMessage());
                result.completeExceptionally(new MoqMuxException(MoqMuxException.Kind.CONNECTION,
                        MoqMuxException.NO_OFFSET, "cannot connect to " + uri + ": " + why, c));
            }
        });
        // A caller that gives up closes the socket.
        result.whenComplete((c, e) -> {
            if (e != null) {
                Channel ch = cf.channel();
                ch.close();
            }
        });
        return result;
    }

    private static SslContext clientContext(WebSocketClientConfig config) throws Exception {
        SslContextBuilder b = SslContextBuilder.forClient();
        if (config.insecure()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (config.trustedCertificates() != null) {
            b.trustManager(config.trustedCertificates().toFile());
        }
        return b.build();
    }
}
