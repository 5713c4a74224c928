package io.github.moqmux.catalog;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A minimal compact JSON writer. Its output is byte-identical to JavaScript's
 * {@code JSON.stringify} for the same values (string escapes, number formatting), so a catalog
 * reads the same whether this library or the JavaScript side wrote it.
 */
final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    /** Per open container: whether nothing has been written in it yet. */
    private boolean[] first = new boolean[8];
    private int depth;
    /** A member name was just written, so the next value needs no comma. */
    private boolean afterName;

    JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        push();
        return this;
    }

    JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        push();
        return this;
    }

    JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    JsonWriter name(String name) {
        if (!first[depth - 1]) {
            out.append(',');
        }
        first[depth - 1] = false;
        string(out, name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String s) {
        beforeValue();
        string(out, s);
        return this;
    }

    JsonWriter value(long v) {
        beforeValue();
        out.append(v);
        return this;
    }

    JsonWriter value(double v) {
        beforeValue();
        out.append(number(v));
        return this;
    }

    JsonWriter value(boolean v) {
        beforeValue();
        out.append(v);
        return this;
    }

    /** Writes already-valid JSON text as a value, unchanged. */
    JsonWriter raw(String json) {
        beforeValue();
        out.append(json);
        return this;
    }

    /** Writes the member only when the value is present: absent optionals are omitted, never null. */
    JsonWriter optional(String name, Object v) {
        if (v == null) {
            return this;
        }
        name(name);
        if (v instanceof String s) {
            return value(s);
        } else if (v instanceof Double d) {
            return value(d.doubleValue());
        } else if (v instanceof Number n) {
            return value(n.longValue());
        } else if (v instanceof Boolean b) {
            return value(b.booleanValue());
        }
        throw new IllegalArgumentException("not a JSON scalar: " + v.getClass());
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void push() {
        if (depth == first.length) {
            first = java.util.Arrays.copyOf(first, depth * 2);
        }
        first[depth++] = true;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
        } else if (depth > 0) {
            if (!first[depth - 1]) {
                out.append(',');
            }
            first[depth - 1] = false;
        }
    }

    /**
     * Escapes like {@code JSON.stringify}: {@code \"}, {@code \\}, the short forms {@code \b \f \n
     * \r \t}, other control characters as {@code \}{@code u00xx}, and unpaired surrogates as
     * {@code \}{@code udxxx} so the UTF-8 encoding of the output stays valid. Everything else,
     * non-ASCII included, is written as is.
     */
    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }

    /**
     * Formats a finite double as JavaScript's {@code Number.prototype.toString} does: the shortest
     * digit string that reads back as the same double, plain notation for 1e-7 ≤ |v| < 1e21, else
     * {@code d.ddde±x}. So 30.0 is {@code 30} and 30000/1001 is {@code 29.97002997002997}.
     * ({@code Double.toString} is not used: before JDK 19 it does not always give the shortest
     * digits, and it switches to exponents already at 1e7.)
     */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("JSON has no representation for " + v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal shortest = shortestDigits(v);
        String digits = shortest.unscaledValue().abs().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // v = 0.digits × 10^n
        StringBuilder sb = new StringBuilder(32);
        if (v < 0) {
            sb.append('-');
        }
        if (k <= n && n <= 21) {
            sb.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            sb.append(digits.charAt(0));
            if (k > 1) {
                sb.append('.').append(digits, 1, k);
            }
            sb.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
        }
        return sb.toString();
    }

    /**
     * The shortest decimal that reads back as {@code v}, nearest to {@code v} among equally short
     * ones, with trailing zeros stripped. For each precision the nearest decimal is tried first;
     * when it misses, only its neighbour on the other side of {@code v} can still hit, because the
     * set of decimals reading back as {@code v} is an interval around {@code v}.
     */
    private static BigDecimal shortestDigits(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int precision = 1; precision <= 17; precision++) {
            MathContext mc = new MathContext(precision, RoundingMode.HALF_EVEN);
            BigDecimal nearest = exact.round(mc);
            if (nearest.doubleValue() == v) {
                return nearest.stripTrailingZeros();
            }
            BigDecimal step = nearest.ulp();
            BigDecimal other = nearest.compareTo(exact) < 0 ? nearest.add(step) : nearest.subtract(step);
            if (other.doubleValue() == v) {
                return other.stripTrailingZeros();
            }
        }
        // 17 significant digits always identify a double; this is not reached.
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
