package io.github.moqmux.catalog;

/**
 * The library's JSON string writer for code outside the catalog (the CLI's {@code --json}
 * output), so there is one escaping routine, the one the catalog uses: RFC 8259 §7 with the
 * short forms {@code JSON.stringify} writes and lone surrogates escaped.
 *
 * <pre>{@code
 * StringBuilder out = new StringBuilder();
 * Json.string(out, trackName);          // "0.hang" with its quotes, escaped as needed
 * }</pre>
 */
public final class Json {
    private Json() {
    }

    /**
     * Appends {@code s} as a JSON string literal, quotes included, exactly as
     * {@code JSON.stringify(s)} would.
     *
     * @param out where to append
     * @param s   the string
     */
    public static void string(StringBuilder out, String s) {
        JsonWriter.string(out, s);
    }
}
