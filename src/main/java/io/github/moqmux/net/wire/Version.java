package io.github.moqmux.net.wire;

/**
 * The moq-lite versions this library speaks, with their wire codes and how each is negotiated.
 */
public enum Version {
    /** moq-lite-02: negotiated with the {@code moql} CLIENT_SETUP/SERVER_SETUP exchange. */
    LITE_02(0xff0dad02L, "moql"),
    /** moq-lite-04: chosen by ALPN or WebSocket subprotocol; no handshake. */
    LITE_04(0xff0dad04L, "moq-lite-04"),
    /** moq-lite-05: chosen by ALPN; each side then sends one SETUP on a unidirectional stream. */
    LITE_05(0xff0dad05L, "moq-lite-05");

    private final long code;
    private final String alpn;

    Version(long code, String alpn) {
        this.code = code;
        this.alpn = alpn;
    }

    /** @return the version's code in SETUP messages */
    public long code() {
        return code;
    }

    /** @return the ALPN or WebSocket application protocol that selects this version */
    public String alpn() {
        return alpn;
    }

    /** @return whether this version has the TRACK stream, SETUP stream and frame timestamps (lite-05) */
    public boolean hasTrackStream() {
        return this == LITE_05;
    }

    /**
     * The version a negotiated transport protocol selects.
     *
     * @param protocol the ALPN or subprotocol; {@code ""} or {@code "moql"} mean "negotiate with
     *                 SETUP", which picks lite-02
     * @return the version, or null if the protocol is not a moq-lite version this library speaks
     */
    public static Version fromProtocol(String protocol) {
        return switch (protocol) {
            case "", "moql" -> LITE_02;
            case "moq-lite-04" -> LITE_04;
            case "moq-lite-05" -> LITE_05;
            default -> null;
        };
    }

    /**
     * @param code a SETUP version code
     * @return the version, or null if unknown
     */
    public static Version fromCode(long code) {
        for (Version v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
