package io.github.moqmux.catalog;

import io.github.moqmux.MoqMuxException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser into a small tree whose nodes remember where they were in the
 * source, so values the catalog keeps verbatim ({@code user}, {@code chat}, {@code preview}) can
 * be cut out unchanged.
 *
 * <p>Catalogs come from the network, so the input is treated as hostile: nesting is bounded
 * ({@link #MAX_DEPTH}), number literals are bounded in length before any arithmetic is done on
 * them, unpaired surrogates are rejected (they could not be written back as UTF-8), and every
 * failure is a {@link MoqMuxException} of kind {@code MALFORMED} that names the character index.
 * Duplicate member names keep the last value, as {@code JSON.parse} does.
 */
final class JsonReader {
    /** Deep enough for any catalog plus generous user data; shallow enough for the Java stack. */
    static final int MAX_DEPTH = 64;
    /** Longer literals carry no more double precision; bounding them keeps parsing linear. */
    private static final int MAX_NUMBER_LENGTH = 400;

    /** A parsed value and its source span {@code [start, end)}. */
    sealed interface Node permits Obj, Arr, Str, Num, Bool, Null {
        int start();

        int end();
    }

    record Obj(Map<String, Node> members, int start, int end) implements Node {}

    record Arr(List<Node> items, int start, int end) implements Node {}

    record Str(String value, int start, int end) implements Node {}

    /** Keeps the literal text: conversion depends on what the field expects (integer or double). */
    record Num(String text, int start, int end) implements Node {}

    record Bool(boolean value, int start, int end) implements Node {}

    record Null(int start, int end) implements Node {}

    private final String src;
    private final int maxDepth;
    private int pos;
    private int depth;

    private JsonReader(String src, int maxDepth) {
        this.src = src;
        this.maxDepth = maxDepth;
    }

    /**
     * Parses a document holding exactly one value, with optional whitespace around it.
     *
     * @throws MoqMuxException MALFORMED on any syntax error
     */
    static Node parse(String json) {
        return parse(json, MAX_DEPTH);
    }

    /**
     * Same as {@link #parse(String)} with a lower nesting bound, for values that will be nested
     * inside a catalog and must still be readable there.
     */
    static Node parse(String json, int maxDepth) {
        JsonReader r = new JsonReader(json, maxDepth);
        r.skipWhitespace();
        Node n = r.value();
        r.skipWhitespace();
        if (r.pos != json.length()) {
            throw r.error("unexpected text after the JSON value");
        }
        return n;
    }

    private Node value() {
        if (pos >= src.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = src.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"': {
                int start = pos;
                String s = string();
                return new Str(s, start, pos);
            }
            case 't':
                return literal("true", new Bool(true, pos, pos + 4));
            case 'f':
                return literal("false", new Bool(false, pos, pos + 5));
            case 'n':
                return literal("null", new Null(pos, pos + 4));
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + printable(c) + "', expected a value");
        }
    }

    private Node literal(String word, Node node) {
        if (!src.startsWith(word, pos)) {
            throw error("invalid literal, expected " + word);
        }
        pos += word.length();
        return node;
    }

    private Obj object() {
        int start = pos;
        enter();
        pos++; // '{'
        Map<String, Node> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a member name in double quotes");
                }
                String name = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                members.put(name, value());
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}' in object");
                }
            }
        }
        depth--;
        return new Obj(Collections.unmodifiableMap(members), start, pos);
    }

    private Arr array() {
        int start = pos;
        enter();
        pos++; // '['
        List<Node> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                items.add(value());
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']' in array");
                }
            }
        }
        depth--;
        return new Arr(Collections.unmodifiableList(items), start, pos);
    }

    private void enter() {
        if (++depth > maxDepth) {
            throw error("nesting deeper than " + maxDepth + " levels");
        }
    }

    /** Reads a string starting at the opening quote; leaves {@code pos} after the closing quote. */
    private String string() {
        pos++; // opening quote
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= src.length()) {
                throw error("unterminated string");
            }
            char c = src.charAt(pos);
            if (c == '"') {
                String s = sb == null ? src.substring(runStart, pos) : sb.append(src, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("unescaped control character in string");
            }
            if (Character.isHighSurrogate(c)) {
                if (pos + 1 >= src.length() || !Character.isLowSurrogate(src.charAt(pos + 1))) {
                    throw error("unpaired surrogate in string");
                }
                pos += 2;
                continue;
            }
            if (Character.isLowSurrogate(c)) {
                throw error("unpaired surrogate in string");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(src, runStart, pos);
            pos++; // backslash
            if (pos >= src.length()) {
                throw error("unterminated escape");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = unicodeEscape();
                    if (Character.isHighSurrogate(u)) {
                        if (!src.startsWith("\\u", pos)) {
                            throw error("unpaired surrogate escape");
                        }
                        pos += 2;
                        char low = unicodeEscape();
                        if (!Character.isLowSurrogate(low)) {
                            throw error("unpaired surrogate escape");
                        }
                        sb.append(u).append(low);
                    } else if (Character.isLowSurrogate(u)) {
                        throw error("unpaired surrogate escape");
                    } else {
                        sb.append(u);
                    }
                }
                default -> {
                    pos--;
                    throw error("invalid escape '\\" + printable(e) + "'");
                }
            }
            runStart = pos;
        }
    }

    /** Reads the 4 hex digits after {@code \}{@code u}. */
    private char unicodeEscape() {
        if (pos + 4 > src.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char h = src.charAt(pos + i);
            if (!Hex.isAsciiHex(h)) {
                throw error("invalid hex digit in \\u escape");
            }
            v = (v << 4) | Character.digit(h, 16);
        }
        pos += 4;
        return (char) v;
    }

    private Num number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            pos = start;
            throw error("number literal longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        return new Num(src.substring(start, pos), start, pos);
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** @return the current character, or NUL at the end (never valid where it is checked) */
    private char peek() {
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private MoqMuxException error(String why) {
        return new MoqMuxException(MoqMuxException.Kind.MALFORMED, "bad JSON: " + why + " at character " + pos);
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    // ---- typed access for the catalog reader -------------------------------------------------

    /**
     * Converts a number node to a long, accepting any literal with an integral value
     * ({@code 1280}, {@code 1280.0}, {@code 1.28e3}), as a JavaScript writer may produce.
     *
     * @param path where the value is, for the error message
     */
    static long integer(Node n, String path, long min, long max) {
        if (!(n instanceof Num num)) {
            throw fieldError(path, "must be a number");
        }
        BigDecimal bd;
        try {
            bd = new BigDecimal(num.text());
        } catch (NumberFormatException e) {
            // The grammar was checked; only an exponent beyond the int range gets here.
            throw fieldError(path, "is out of range: " + num.text());
        }
        // Check the magnitude first: exact conversion of 1e999999999 would build a huge integer.
        if (bd.signum() != 0 && bd.precision() - bd.scale() > 19) {
            throw fieldError(path, "is out of range: " + num.text());
        }
        long v;
        try {
            v = bd.longValueExact();
        } catch (ArithmeticException e) {
            boolean integral = bd.signum() == 0 || bd.stripTrailingZeros().scale() <= 0;
            throw fieldError(path, (integral ? "is out of range: " : "must be an integer, was ") + num.text());
        }
        if (v < min || v > max) {
            throw fieldError(path, "is out of range [" + min + ", " + max + "]: " + num.text());
        }
        return v;
    }

    static double decimal(Node n, String path) {
        if (!(n instanceof Num num)) {
            throw fieldError(path, "must be a number");
        }
        double d = Double.parseDouble(num.text());
        if (Double.isInfinite(d)) {
            throw fieldError(path, "is out of range: " + num.text());
        }
        return d;
    }

    static String string(Node n, String path) {
        if (!(n instanceof Str s)) {
            throw fieldError(path, "must be a string");
        }
        return s.value();
    }

    static boolean bool(Node n, String path) {
        if (!(n instanceof Bool b)) {
            throw fieldError(path, "must be true or false");
        }
        return b.value();
    }

    static Obj object(Node n, String path) {
        if (!(n instanceof Obj o)) {
            throw fieldError(path, "must be an object");
        }
        return o;
    }

    /** @return the member, or null when it is absent or JSON {@code null} (both mean "not set") */
    static Node member(Obj o, String name) {
        Node n = o.members().get(name);
        return n instanceof Null ? null : n;
    }

    static Node required(Obj o, String name, String path) {
        Node n = member(o, name);
        if (n == null) {
            throw fieldError(path + "." + name, "is missing");
        }
        return n;
    }

    static MoqMuxException fieldError(String path, String why) {
        return new MoqMuxException(MoqMuxException.Kind.MALFORMED, "bad catalog: " + path + " " + why);
    }
}
