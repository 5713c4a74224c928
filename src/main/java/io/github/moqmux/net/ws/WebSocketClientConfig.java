package io.github.moqmux.net.ws;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link WebSocketClient#connect}. Build with {@link #builder()}; every setting has a
 * default.
 *
 * @param bareQmux         also offer bare {@code qmux-00} after the {@code qmux-00.<alpn>} ones
 * @param webTransport     also offer the legacy {@code webtransport} framing, last
 * @param trustedCertificates PEM file of CA (or self-signed) certificates to trust for
 *                         {@code wss://} instead of the JDK's default trust store, or null
 * @param insecure         trust any server certificate and skip host name checks (tests only)
 * @param limits           what the server may send (flow control and stream counts)
 * @param maxMessageSize   the largest WebSocket message accepted, in bytes (default 1 MiB)
 * @param connectTimeout   TCP connect plus TLS and WebSocket handshake deadline (default 10 s)
 * @param idleTimeout      the connection closes with no frame from the peer for this long
 *                         (default 30 s)
 * @param pingInterval     a WebSocket Ping is sent after this long without sending (default 5 s)
 */
public record WebSocketClientConfig(boolean bareQmux, boolean webTransport, Path trustedCertificates,
                                    boolean insecure, TransportLimits limits, int maxMessageSize,
                                    Duration connectTimeout, Duration idleTimeout,
                                    Duration pingInterval) {
    /** Every default: offers bare qmux-00 and webtransport, the JDK trust store, 1 MiB, 10 s. */
    public static final WebSocketClientConfig DEFAULT = builder().build();

    /**
     * Validates the settings.
     *
     * @param bareQmux            offer bare {@code qmux-00}
     * @param webTransport        offer {@code webtransport}
     * @param trustedCertificates PEM trust anchors, or null for the JDK default
     * @param insecure            trust anything (tests only)
     * @param limits              what the server may send
     * @param maxMessageSize      the largest WebSocket message accepted
     * @param connectTimeout      connect and handshake deadline
     * @param idleTimeout         receive idle timeout
     * @param pingInterval        send idle interval before a Ping
     */
    public WebSocketClientConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        if (maxMessageSize < 1024) {
            throw new IllegalArgumentException("maxMessageSize below 1024");
        }
    }

    /** @return a builder with every default */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link WebSocketClientConfig}; see its components for the meaning and defaults. */
    public static final class Builder {
        private boolean bareQmux = true;
        private boolean webTransport = true;
        private Path trusted;
        private boolean insecure;
        private TransportLimits limits = TransportLimits.DEFAULT;
        private int maxMessageSize = 1 << 20;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration pingInterval = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * Offer bare {@code qmux-00}.
         *
         * @param v offer bare {@code qmux-00}
         * @return this
         */
        public Builder bareQmux(boolean v) {
            bareQmux = v;
            return this;
        }

        /**
         * Offer the legacy {@code webtransport} framing.
         *
         * @param v offer the legacy {@code webtransport} framing
         * @return this
         */
        public Builder webTransport(boolean v) {
            webTransport = v;
            return this;
        }

        /**
         * PEM trust anchors for {@code wss://}, or null for the JDK default.
         *
         * @param v PEM trust anchors for {@code wss://}, or null for the JDK default
         * @return this
         */
        public Builder trustedCertificates(Path v) {
            trusted = v;
            return this;
        }

        /**
         * Trust any certificate (tests only).
         *
         * @param v trust any certificate (tests only)
         * @return this
         */
        public Builder insecure(boolean v) {
            insecure = v;
            return this;
        }

        /**
         * What the server may send.
         *
         * @param v what the server may send
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
         * Connect and handshake deadline.
         *
         * @param v connect and handshake deadline
         * @return this
         */
        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        /**
         * Close when the peer is silent this long.
         *
         * @param v close when the peer is silent this long
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

        /** @return the settings */
        public WebSocketClientConfig build() {
            return new WebSocketClientConfig(bareQmux, webTransport, trusted, insecure, limits,
                    maxMessageSize, connectTimeout, idleTimeout, pingInterval);
        }
    }
}
