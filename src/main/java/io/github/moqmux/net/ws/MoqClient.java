package io.github.moqmux.net.ws;

import io.github.moqmux.net.MoqOrigin;
import io.github.moqmux.net.MoqSession;
import io.github.moqmux.net.MoqSessionConfig;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Connects to a MoQ relay (or any MoQ server) over WebSocket and runs one {@link MoqSession}: it
 * publishes the broadcasts of an origin to the relay (which announces and subscribes them) and
 * can subscribe to the relay's broadcasts ({@link MoqSession#subscribe},
 * {@link MoqSession#announced}). The facade over {@link WebSocketClient} and
 * {@link MoqSession#start} for the common case.
 *
 * <pre>{@code
 * MoqOrigin origin = new MoqOrigin();
 * origin.publish("clip", broadcast);
 * MoqSession session = MoqClient.connect(URI.create("wss://relay.example/anon"), origin).get();
 * session.ready().get();          // negotiated; the relay now sees "anon/clip"
 * }</pre>
 */
public final class MoqClient {
    private MoqClient() {
    }

    /**
     * Connects offering moq-lite-05, -04 and the {@code moql} SETUP exchange, with default
     * WebSocket and session settings.
     *
     * @param url    a {@code ws://} or {@code wss://} URL; its path is the scope on the relay
     * @param origin the broadcasts this side publishes (may be empty)
     * @return the session, once the WebSocket is up (its {@link MoqSession#ready()} completes
     *     when the moq-lite version is settled); fails with a
     *     {@link io.github.moqmux.MoqMuxException} of kind {@code CONNECTION} when the
     *     connection is refused or the handshake rejected
     */
    public static CompletableFuture<MoqSession> connect(URI url, MoqOrigin origin) {
        return connect(url, origin, WebSocketClientConfig.DEFAULT, MoqSessionConfig.defaults());
    }

    /**
     * Connects.
     *
     * @param url           a {@code ws://} or {@code wss://} URL; its path is the scope on the relay
     * @param origin        the broadcasts this side publishes (may be empty)
     * @param config        WebSocket settings (framings offered, TLS trust, limits)
     * @param sessionConfig moq-lite limits
     * @return the session, once the WebSocket is up
     */
    public static CompletableFuture<MoqSession> connect(URI url, MoqOrigin origin, WebSocketClientConfig config,
                                                        MoqSessionConfig sessionConfig) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sessionConfig, "sessionConfig");
        return WebSocketClient.connect(url, List.copyOf(WebSocketServerConfig.DEFAULT_ALPNS), config)
                .thenApply(conn -> MoqSession.start(conn, origin, sessionConfig));
    }
}
