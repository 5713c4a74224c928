package io.github.moqmux.net.ws;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link WebSocketServer}. Build with {@link #builder()}; every setting has a
 * default.
 *
 * <pre>{@code
 * WebSocketServerConfig config = WebSocketServerConfig.builder()
 *         .host("0.0.0.0").port(4443)
 *         .tls(Path.of("cert.pem"), Path.of("key.pem"))   // wss://; omit for ws://
 *         .build();
 * }</pre>
 *
 * @param host               the address to bind (default {@code 127.0.0.1})
 * @param port               the TCP port, 0 for any free one (default 0)
 * @param certificateChain   PEM certificate chain for {@code wss://}, or null for {@code ws://}
 * @param privateKey         PEM PKCS#8 private key matching {@code certificateChain}, or null
 * @param alpns              application protocols by our preference (default
 *                           {@link #DEFAULT_ALPNS}); each is offered as {@code qmux-00.<alpn>}
 * @param bareQmux           accept the bare {@code qmux-00} subprotocol (protocol {@code ""})
 * @param webTransport       accept the legacy {@code webtransport} framing (protocol {@code ""})
 * @param limits             what a peer may send (flow control and stream counts)
 * @param maxMessageSize     the largest WebSocket message accepted, in bytes (default 1 MiB); a
 *                           larger one ends that connection
 * @param handshakeTimeout   how long a new TCP connection may take to complete the WebSocket
 *                           upgrade (default 10 s)
 * @param idleTimeout        a connection with no frame from the peer for this long is closed
 *                           (default 30 s)
 * @param pingInterval       a WebSocket Ping is sent after this long without sending (default 5 s)
 * @param maxConnections     connections beyond this many are refused at once (default 4096)
 * @param eventLoopThreads   Netty I/O threads, 0 for Netty's default (twice the cores)
 */
public record WebSocketServerConfig(String host, int port, Path certificateChain, Path privateKey,
                                    List<String> alpns, boolean bareQmux, boolean webTransport,
                                    TransportLimits limits, int maxMessageSize,
                                    Duration handshakeTimeout, Duration idleTimeout,
                                    Duration pingInterval, int maxConnections,
                                    int eventLoopThreads) {
    /**
     * The application protocols offered by default, best first: moq-lite-05 (what {@code @moq/net}
     * and {@code @moq/watch} prefer), moq-lite-04, then {@code moql} (moq-lite-02/01 by SETUP).
     */
    public static final List<String> DEFAULT_ALPNS = List.of("moq-lite-05", "moq-lite-04", "moql");

    /**
     * Validates the settings.
     *
     * @param host             the address to bind
     * @param port             the TCP port, 0 for any free one
     * @param certificateChain PEM certificate chain, or null
     * @param privateKey       PEM private key, or null
     * @param alpns            application protocols by preference
     * @param bareQmux         accept bare {@code qmux-00}
     * @param webTransport     accept the legacy framing
     * @param limits           what a peer may send
     * @param maxMessageSize   the largest WebSocket message accepted
     * @param handshakeTimeout upgrade deadline
     * @param idleTimeout      receive idle timeout
     * @param pingInterval     send idle interval before a Ping
     * @param maxConnections   the most concurrent connections
     * @param eventLoopThreads Netty I/O threads, 0 for the default
     */
    public WebSocketServerConfig {
        Objects.requireNonNull(host, "host");
        alpns = List.copyOf(alpns);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        if ((certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate chain and a private key");
        }
        if (port < 0 || port > 65535 || maxMessageSize < 1024 || maxConnections < 1
                || eventLoopThreads < 0) {
            throw new IllegalArgumentException("invalid WebSocket server settings");
        }
    }

    /** @return true when the server speaks {@code wss://} */
    public boolean tls() {
        return certificateChain != null;
    }

    /** @return a builder with every default */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link WebSocketServerConfig}; see its components for the meaning and defaults. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path cert;
        private Path key;
        private List<String> alpns = DEFAULT_ALPNS;
        private boolean bareQmux = true;
        private boolean webTransport = true;
        private TransportLimits limits = TransportLimits.DEFAULT;
        private int maxMessageSize = 1 << 20;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration pingInterval = Duration.ofSeconds(5);
        private int maxConnections = 4096;
        private int eventLoopThreads;

        private Builder() {
        }

        /**
         * The address to bind.
         *
         * @param v the address to bind
         * @return this
         */
        public Builder host(String v) {
            host = v;
            return this;
        }

        /**
         * The TCP port, 0 for any free one.
         *
         * @param v the TCP port, 0 for any free one
         * @return this
         */
        public Builder port(int v) {
            port = v;
            return this;
        }

        /**
         * Serves {@code wss://} with this certificate and key.
         *
         * @param certificateChain PEM certificate chain
         * @param privateKey       PEM PKCS#8 private key
         * @return this
         */
        public Builder tls(Path certificateChain, Path privateKey) {
            cert = certificateChain;
            key = privateKey;
            return this;
        }

        /**
         * Application protocols, most preferred first.
         *
         * @param v application protocols, most preferred first
         * @return this
         */
        public Builder alpns(List<String> v) {
            alpns = v;
            return this;
        }

        /**
         * Accept bare {@code qmux-00}.
         *
         * @param v accept bare {@code qmux-00}
         * @return this
         */
        public Builder bareQmux(boolean v) {
            bareQmux = v;
            return this;
        }

        /**
         * Accept the legacy {@code webtransport} framing.
         *
         * @param v accept the legacy {@code webtransport} framing
         * @return this
         */
        public Builder webTransport(boolean v) {
            webTransport = v;
            return this;
        }

        /**
         * What a peer may send.
         *
         * @param v what a peer may send
         * @return this
         */
        public Builder limits(TransportLimits v) {
            limits = v;
            return this;
        }

        /**
         * The largest WebSocket message accepted, in bytes.
         *
         * @param v the largest WebSocket message accepted, in bytes
         * @return this
         */
        public Builder maxMessageSize(int v) {
            maxMessageSize = v;
            return this;
        }

        /**
         * The upgrade deadline.
         *
         * @param v the upgrade deadline
         * @return this
         */
        public Builder handshakeTimeout(Duration v) {
            handshakeTimeout = v;
            return this;
        }

        /**
         * Close a connection silent for this long.
         *
         * @param v close a connection silent for this long
         * @return this
         */
        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        /**
         * Send a Ping after this long without sending.
         *
         * @param v send a Ping after this long without sending
         * @return this
         */
        public Builder pingInterval(Duration v) {
            pingInterval = v;
            return this;
        }

        /**
         * The most concurrent connections.
         *
         * @param v the most concurrent connections
         * @return this
         */
        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        /**
         * Netty I/O threads, 0 for the default.
         *
         * @param v Netty I/O threads, 0 for the default
         * @return this
         */
        public Builder eventLoopThreads(int v) {
            eventLoopThreads = v;
            return this;
        }

        /** @return the settings */
        public WebSocketServerConfig build() {
            return new WebSocketServerConfig(host, port, cert, key, alpns, bareQmux, webTransport,
                    limits, maxMessageSize, handshakeTimeout, idleTimeout, pingInterval,
                    maxConnections, eventLoopThreads);
        }
    }
}
