package io.github.moqmux.net.ws;

import io.github.moqmux.net.MoqOrigin;
import io.github.moqmux.net.MoqSession;
import io.github.moqmux.net.MoqSessionConfig;
import java.net.URI;
import java.util.Objects;

/**
 * Serves a {@link MoqOrigin} to browsers and other MoQ clients over WebSocket ({@code ws://}, or
 * {@code wss://} with a PEM key and certificate in the {@link WebSocketServerConfig}): every
 * accepted connection gets a {@link MoqSession} on the origin. The facade over
 * {@link WebSocketServer} and {@link MoqSession#start} for the common case.
 *
 * <pre>{@code
 * MoqOrigin origin = new MoqOrigin();
 * NetworkBroadcast clip = new NetworkBroadcast();
 * origin.publish("clip", clip);
 * try (MoqServer server = MoqServer.start(WebSocketServerConfig.builder().port(4443).build(), origin)) {
 *     // <moq-watch url="http://127.0.0.1:4443/" name="clip"> plays it
 * }
 * }</pre>
 */
public final class MoqServer implements AutoCloseable {
    private final WebSocketServer server;
    private final boolean tls;

    private MoqServer(WebSocketServer server, boolean tls) {
        this.server = server;
        this.tls = tls;
    }

    /**
     * Starts a server whose sessions use {@link MoqSessionConfig#defaults()}.
     *
     * @param config where to listen, TLS, transport limits
     * @param origin the broadcasts to serve
     * @return the running server
     * @throws io.github.moqmux.MoqMuxException of kind {@code CONNECTION} when the port cannot
     *     be bound, or {@code IO} when the TLS files cannot be read
     */
    public static MoqServer start(WebSocketServerConfig config, MoqOrigin origin) {
        return start(config, origin, MoqSessionConfig.defaults());
    }

    /**
     * Starts a server.
     *
     * @param config        where to listen, TLS, transport limits
     * @param origin        the broadcasts to serve
     * @param sessionConfig the moq-lite limits of every session
     * @return the running server
     * @throws io.github.moqmux.MoqMuxException of kind {@code CONNECTION} when the port cannot
     *     be bound, or {@code IO} when the TLS files cannot be read
     */
    public static MoqServer start(WebSocketServerConfig config, MoqOrigin origin, MoqSessionConfig sessionConfig) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sessionConfig, "sessionConfig");
        WebSocketServer server = WebSocketServer.start(config, conn -> MoqSession.start(conn, origin, sessionConfig));
        return new MoqServer(server, config.tls());
    }

    /** @return the bound TCP port */
    public int port() {
        return server.port();
    }

    /**
     * @param host the host name clients should use (the bound address may be a wildcard)
     * @return {@code ws://host:port/} or {@code wss://host:port/}
     */
    public URI url(String host) {
        return URI.create((tls ? "wss://" : "ws://") + host + ":" + port() + "/");
    }

    /** @return the number of open connections */
    public int connectionCount() {
        return server.connectionCount();
    }

    /** Closes every session and stops listening (see {@link WebSocketServer#close()}). Idempotent. */
    @Override
    public void close() {
        server.close();
    }
}
