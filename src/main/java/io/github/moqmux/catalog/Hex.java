package io.github.moqmux.catalog;

import io.github.moqmux.MoqMuxException;

/** Lowercase hex for decoder descriptions, which the hang catalog carries as hex strings. */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Accepts either case: only the writer is held to lowercase. */
    static byte[] decode(String hex, String what) {
        if ((hex.length() & 1) != 0) {
            throw new MoqMuxException(MoqMuxException.Kind.MALFORMED,
                    what + " is not hex: odd number of digits (" + hex.length() + ")");
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            char hi = hex.charAt(2 * i);
            char lo = hex.charAt(2 * i + 1);
            if (!isAsciiHex(hi) || !isAsciiHex(lo)) {
                throw new MoqMuxException(MoqMuxException.Kind.MALFORMED,
                        what + " is not hex: bad digit at character " + (2 * i));
            }
            out[i] = (byte) ((Character.digit(hi, 16) << 4) | Character.digit(lo, 16));
        }
        return out;
    }

    /** {@link Character#digit} also accepts fullwidth and other non-ASCII digits; hex here is ASCII only. */
    static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
