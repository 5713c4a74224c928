package io.github.moqmux.catalog;

import io.github.moqmux.MoqMuxException;

/**
 * Reads the dot-separated fields of one codec string, with errors that quote the whole string so
 * a user can see which catalog entry was rejected.
 */
final class CodecFields {
    private final String codec;
    private final String[] fields;

    private CodecFields(String codec, String[] fields) {
        this.codec = codec;
        this.fields = fields;
    }

    /** Splits keeping empty fields, so "avc1.64001f." and "vp09..10.08" are rejected, not repaired. */
    static CodecFields split(String codec) {
        return new CodecFields(codec, codec.split("\\.", -1));
    }

    int count() {
        return fields.length;
    }

    String get(int i) {
        return fields[i];
    }

    MoqMuxException malformed(String why) {
        return new MoqMuxException(MoqMuxException.Kind.MALFORMED, "bad codec string \"" + codec + "\": " + why);
    }

    static MoqMuxException unsupported(String codec, String family) {
        return new MoqMuxException(MoqMuxException.Kind.UNSUPPORTED,
                "unsupported " + family + " codec string \"" + codec + "\"");
    }

    void requireCount(int min, int max) {
        if (fields.length < min || fields.length > max) {
            throw malformed(min == max
                    ? "expected " + min + " dot-separated fields, found " + fields.length
                    : "expected " + min + " to " + max + " dot-separated fields, found " + fields.length);
        }
    }

    /** Parses ASCII hex of {@code minDigits..maxDigits} digits (either case). */
    long hex(String s, int minDigits, int maxDigits, String name) {
        if (s.length() < minDigits || s.length() > maxDigits) {
            throw malformed(name + " must be " + digitsText(minDigits, maxDigits) + " hex digits, was \"" + s + "\"");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Hex.isAsciiHex(c)) {
                throw malformed(name + " is not hex: \"" + s + "\"");
            }
            v = (v << 4) | Character.digit(c, 16);
        }
        return v;
    }

    /** Parses ASCII decimal of {@code minDigits..maxDigits} digits and checks it is at most {@code max}. */
    int dec(String s, int minDigits, int maxDigits, int max, String name) {
        if (s.length() < minDigits || s.length() > maxDigits) {
            throw malformed(name + " must be " + digitsText(minDigits, maxDigits) + " decimal digits, was \"" + s + "\"");
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(name + " is not decimal: \"" + s + "\"");
            }
            v = v * 10 + (c - '0');
        }
        if (v > max) {
            throw malformed(name + " " + v + " is out of range (at most " + max + ")");
        }
        return v;
    }

    private static String digitsText(int min, int max) {
        return min == max ? Integer.toString(min) : min + " to " + max;
    }

    /** For the record constructors: programmer errors are IllegalArgumentException, as in {@code Track}. */
    static int checkRange(int v, int min, int max, String name) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + v);
        }
        return v;
    }

    static String twoDigits(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
