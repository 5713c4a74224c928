package io.github.moqmux.cli;

import io.github.moqmux.fmp4.TrackStats;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The per-track summary of {@code inspect} and {@code dump}, for people: sizes and times in
 * readable units. The exact numbers are in {@code --json}.
 */
final class TrackTable {
    static final String FORMAT = "%-10s %-5s %-24s %8s %7s %8s %10s %9s %9s %8s %7s %12s %7s%n";

    private TrackTable() {
    }

    static void print(PrintStream out, List<TrackStats> tracks) {
        out.printf(FORMAT, "track", "kind", "codec", "samples", "groups", "frames", "size", "start", "end",
            "jitter", "dropped", "bitrate", "rate");
        for (TrackStats t : tracks) {
            out.printf(FORMAT, t.name(), t.kind().name().toLowerCase(Locale.ROOT), t.codec(), t.samples(),
                t.groups(), t.frames(), Human.size(t.bytes()), time(t.firstTimestampMicros()),
                time(t.lastTimestampMicros()), t.jitterMillis() < 0 ? "-" : Human.duration(t.jitterMillis() * 1000),
                t.droppedSamples(), t.measuredBitrate() < 0 ? "-" : Human.bitrate(t.measuredBitrate()),
                t.measuredFramerate() < 0 ? "-" : String.format(Locale.ROOT, "%.2f", t.measuredFramerate()));
        }
    }

    private static String time(long micros) {
        return micros < 0 ? "-" : Human.duration(micros);
    }
}
