package io.github.moqmux.cli;

import java.util.Locale;

/** Sizes and durations for people: {@code 74.5 KiB}, {@code 2.05 s}. */
final class Human {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Human() {
    }

    /**
     * A byte count in binary units with one decimal: {@code 512 B}, {@code 74.5 KiB}, {@code 1.2 MiB}.
     *
     * @param bytes a non-negative count
     * @return the text
     */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        // Round first, so 1048575 bytes reads "1.0 MiB", not "1024.0 KiB".
        while (Math.round(value * 10) >= 1024 * 10 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /**
     * A duration with three significant digits below a minute: {@code 0 s}, {@code 850 µs},
     * {@code 66.7 ms}, {@code 2.05 s}, {@code 12.5 s}; then {@code 3 min 07 s} and
     * {@code 2 h 05 min}. Negative values get a minus sign.
     *
     * @param micros microseconds
     * @return the text
     */
    static String duration(long micros) {
        if (micros < 0) {
            return "-" + duration(micros == Long.MIN_VALUE ? Long.MAX_VALUE : -micros);
        }
        if (micros == 0) {
            return "0 s";
        }
        if (micros < 1_000) {
            return micros + " µs";
        }
        if (micros < 999_500) {
            return significant(micros / 1_000.0, "ms");
        }
        if (micros < 59_995_000) {
            return significant(micros / 1_000_000.0, "s");
        }
        long seconds = Math.round(micros / 1_000_000.0);
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        long minutes = Math.round(micros / 60_000_000.0);
        return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }

    /**
     * A bitrate for people: {@code 950 bit/s}, {@code 64.0 kbit/s}, {@code 5.20 Mbit/s} (decimal
     * units, as bitrates are quoted).
     *
     * @param bitsPerSecond the rate
     * @return the text
     */
    static String bitrate(long bitsPerSecond) {
        if (bitsPerSecond < 1_000) {
            return bitsPerSecond + " bit/s";
        }
        if (bitsPerSecond < 999_500) {
            return significant(bitsPerSecond / 1_000.0, "kbit/s");
        }
        if (bitsPerSecond < 999_500_000) {
            return significant(bitsPerSecond / 1_000_000.0, "Mbit/s");
        }
        return significant(bitsPerSecond / 1_000_000_000.0, "Gbit/s");
    }

    /** Three significant digits for 1 ≤ value &lt; 1000 (after rounding). */
    private static String significant(double value, String unit) {
        if (value < 9.995) {
            return String.format(Locale.ROOT, "%.2f %s", value, unit);
        }
        if (value < 99.95) {
            return String.format(Locale.ROOT, "%.1f %s", value, unit);
        }
        return String.format(Locale.ROOT, "%.0f %s", value, unit);
    }

    /**
     * A transfer rate: {@link #size(long)} per second.
     *
     * @param bytes  bytes transferred
     * @param nanos  over this many nanoseconds
     * @return e.g. {@code 4.1 MiB/s}
     */
    static String rate(long bytes, long nanos) {
        if (nanos <= 0) {
            return "- /s";
        }
        return size(Math.round(bytes * 1e9 / nanos)) + "/s";
    }
}
