package io.github.moqmux.net.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * A WebSocket subprotocol of the mux bindings, parsed once: its framing and the application
 * protocol it carries.
 *
 * <ul>
 *   <li>{@code qmux-00.<alpn>}: qmux-00 framing, application protocol {@code <alpn>};</li>
 *   <li>{@code qmux-00}: qmux-00 framing, no application protocol (moq-lite then negotiates
 *       with the {@code moql} SETUP exchange);</li>
 *   <li>{@code webtransport} (or none at all): the legacy framing, no application protocol.</li>
 * </ul>
 *
 * @param wire     the subprotocol as on the wire ({@code ""} when none was negotiated)
 * @param qmux     true for qmux-00 framing, false for the legacy framing
 * @param protocol the application protocol, {@code ""} when none
 */
record Subprotocol(String wire, boolean qmux, String protocol) {
    static final String QMUX_00 = "qmux-00";
    static final String QMUX_00_PREFIX = "qmux-00.";
    static final String WEBTRANSPORT = "webtransport";

    /** Parses a negotiated subprotocol; null or empty means the legacy framing. */
    static Subprotocol parse(String wire) {
        if (wire == null || wire.isEmpty() || wire.equals(WEBTRANSPORT)) {
            return new Subprotocol(wire == null ? "" : wire, false, "");
        }
        if (wire.equals(QMUX_00)) {
            return new Subprotocol(wire, true, "");
        }
        if (wire.startsWith(QMUX_00_PREFIX) && wire.length() > QMUX_00_PREFIX.length()) {
            return new Subprotocol(wire, true, wire.substring(QMUX_00_PREFIX.length()));
        }
        return null;
    }

    /**
     * The subprotocols for the given application protocols, in preference order: each as
     * {@code qmux-00.<alpn>}, then bare {@code qmux-00} and {@code webtransport} when enabled.
     */
    static List<String> expand(List<String> alpns, boolean bareQmux, boolean webTransport) {
        List<String> out = new ArrayList<>();
        for (String alpn : alpns) {
            out.add(QMUX_00_PREFIX + alpn);
        }
        if (bareQmux) {
            out.add(QMUX_00);
        }
        if (webTransport) {
            out.add(WEBTRANSPORT);
        }
        return out;
    }

    /**
     * Picks by server preference: the first of {@code ours} that the client offered.
     *
     * @param ours    our subprotocols, most preferred first
     * @param offered the client's {@code Sec-WebSocket-Protocol} values (comma-separated headers)
     * @return the chosen subprotocol, or null when none matches
     */
    static String select(List<String> ours, List<String> offered) {
        Set<String> client = new LinkedHashSet<>();
        for (String header : offered) {
            for (String p : header.split(",")) {
                String t = p.trim();
                if (!t.isEmpty()) {
                    client.add(t);
                }
            }
        }
        for (String p : ours) {
            if (client.contains(p)) {
                return p;
            }
        }
        return null;
    }
}
