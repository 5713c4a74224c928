package io.github.moqmux.net.ws;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.net.mux.MuxConnection;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket server (Netty) that accepts MoQ connections from browsers, {@code @moq/net},
 * {@code @moq/lite} and other qmux or web-transport-ws clients, and hands each one, as a
 * {@link MuxConnection}, to a callback.
 *
 * <ul>
 *   <li>Upgrades on <em>any</em> path; the path becomes {@link MuxConnection#path()} (the
 *       broadcast scope, as on moq-relay).</li>
 *   <li>Chooses the subprotocol by <em>our</em> preference: {@code qmux-00.<alpn>} for each of
 *       {@link WebSocketServerConfig#alpns()}, then bare {@code qmux-00}, then the legacy
 *       {@code webtransport}. {@code @moq/net} thus gets {@code qmux-00.moq-lite-05};
 *       {@code @moq/lite} 0.2.2, which offers only {@code qmux-00, webtransport}, gets bare
 *       {@code qmux-00} and negotiates its version with the {@code moql} SETUP exchange.</li>
 *   <li>Plain HTTP: {@code GET /certificate.sha256} (fetched first by the browser player) gets
 *       404 with {@code Access-Control-Allow-Origin: *}; other GETs get 426.</li>
 *   <li>Limits: {@link WebSocketServerConfig#maxConnections()}, message size, handshake and idle
 *       timeouts, and the flow-control limits of {@link TransportLimits}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (WebSocketServer server = WebSocketServer.start(WebSocketServerConfig.builder().port(4443).build(),
 *         conn -> conn.handler(mySession(conn)))) {
 *     System.out.println("ws://127.0.0.1:" + server.port() + "/");
 *     ...
 * }
 * }</pre>
 *
 * <p>The callback runs on the connection's event loop right after the upgrade; it must set the
 * connection's handler (now or later; streams the peer opens meanwhile are held).
 */
public final class WebSocketServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final List<String> subprotocols;

    private WebSocketServer(EventLoopGroup group, Channel serverChannel, ChannelGroup connections,
                            List<String> subprotocols) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.subprotocols = subprotocols;
    }

    /**
     * Binds and starts serving; returns once the port is listening.
     *
     * @param config   the settings
     * @param acceptor receives every accepted connection, on its event loop
     * @return the running server
     * @throws MoqMuxException of kind {@code CONNECTION} when the port cannot be bound, or
     *                         {@code IO} when the TLS files cannot be read
     */
    public static WebSocketServer start(WebSocketServerConfig config,
                                        Consumer<MuxConnection> acceptor) {
        Objects.requireNonNull(acceptor, "acceptor");
        SslContext ssl = null;
        if (config.tls()) {
            try {
                ssl = SslContextBuilder.forServer(config.certificateChain().toFile(),
                        config.privateKey().toFile()).build();
            } catch (Exception | Error e) {
                throw new MoqMuxException(MoqMuxException.Kind.IO, MoqMuxException.NO_OFFSET,
                        "cannot load the TLS certificate " + config.certificateChain() + " and key "
                                + config.privateKey() + ": " + e.getMessage(), e);
            }
        }
        List<String> subprotocols = Subprotocol.expand(config.alpns(), config.bareQmux(),
                config.webTransport());
        EventLoopGroup group = new NioEventLoopGroup(config.eventLoopThreads(),
                new DefaultThreadFactory("moq-ws-server"));
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        SslContext sslContext = ssl;
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.size() >= config.maxConnections()) {
                            log.warn("refusing {}: {} connections already", ch.remoteAddress(),
                                    config.maxConnections());
                            ch.close();
                            return;
                        }
                        connections.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (sslContext != null) {
                            p.addLast(sslContext.newHandler(ch.alloc()));
                        }
                        p.addLast(new HttpServerCodec());
                        p.addLast(new HttpObjectAggregator(16 * 1024));
                        p.addLast(new ServerHandshakeHandler(config, subprotocols, acceptor));
                    }
                });
        try {
            Channel ch = b.bind(config.host(), config.port()).sync().channel();
            WebSocketServer server = new WebSocketServer(group, ch, connections, subprotocols);
            log.info("WebSocket server listening on {}://{}/ ({})", config.tls() ? "wss" : "ws",
                    ch.localAddress(), subprotocols);
            return server;
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new MoqMuxException(MoqMuxException.Kind.CONNECTION, MoqMuxException.NO_OFFSET,
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** @return the bound TCP port */
    public int port() {
        return address().getPort();
    }

    /** @return the bound address */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** @return the subprotocols accepted, most preferred first */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** @return how many TCP connections are open (upgraded or not) */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting, closes every connection (application code 0, reason "server shutting
     * down"), waits up to two seconds for them to end, and stops the I/O threads. Idempotent.
     */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        List<CompletableFuture<?>> ends = new ArrayList<>();
        for (Channel ch : connections) {
            WsChannelHandler h = ch.pipeline().get(WsChannelHandler.class);
            if (h != null) {
                h.connection().close(0, "server shutting down");
                ends.add(h.connection().closeFuture());
            } else {
                ch.close();
            }
        }
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
            connections.close().await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("connections did not all close in time", e);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
