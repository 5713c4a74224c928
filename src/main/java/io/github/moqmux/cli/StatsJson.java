package io.github.moqmux.cli;

import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.Json;
import io.github.moqmux.fmp4.TrackStats;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --json} document: {@code {"catalog":<hang catalog>,"tracks":[<stats>…]}}. The catalog
 * is the library's own compact JSON ({@link Catalog#toJson()}); each track carries every field of
 * {@link TrackStats} under the same name, with exact integers.
 */
final class StatsJson {
    private StatsJson() {
    }

    static String format(Catalog catalog, List<TrackStats> tracks) {
        StringBuilder out = new StringBuilder("{\"catalog\":").append(catalog.toJson()).append(",\"tracks\":[");
        for (int i = 0; i < tracks.size(); i++) {
            TrackStats t = tracks.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"name\":");
            string(out, t.name());
            out.append(",\"kind\":");
            string(out, t.kind().name().toLowerCase(Locale.ROOT));
            out.append(",\"codec\":");
            string(out, t.codec());
            out.append(",\"trackId\":").append(t.trackId())
                .append(",\"samples\":").append(t.samples())
                .append(",\"bytes\":").append(t.bytes())
                .append(",\"groups\":").append(t.groups())
                .append(",\"frames\":").append(t.frames())
                .append(",\"droppedSamples\":").append(t.droppedSamples())
                .append(",\"firstTimestampMicros\":").append(t.firstTimestampMicros())
                .append(",\"lastTimestampMicros\":").append(t.lastTimestampMicros())
                .append(",\"jitterMillis\":").append(t.jitterMillis())
                .append(",\"measuredBitrate\":").append(t.measuredBitrate())
                .append(",\"measuredFramerate\":")
                .append(t.measuredFramerate() < 0 ? "-1" : String.format(Locale.ROOT, "%.3f", t.measuredFramerate()))
                .append('}');
        }
        return out.append("]}").toString();
    }

    /** A JSON string literal, written by the library's one writer (as the catalog is). */
    private static void string(StringBuilder out, String s) {
        Json.string(out, s);
    }
}
