package io.github.moqmux.fmp4;

/**
 * What an importer has published on one track so far. A snapshot: values do not change after it
 * is taken.
 *
 * <pre>{@code
 * for (TrackStats t : importer.tracks()) {
 *     System.out.printf("%s %s: %d samples in %d groups, %d dropped%n",
 *         t.name(), t.codec(), t.samples(), t.groups(), t.droppedSamples());
 * }
 * }</pre>
 *
 * @param name                 the MoQ track name, e.g. {@code "0.hang"}
 * @param kind                 video or audio
 * @param codec                the codec string of the catalog rendition
 * @param trackId              the MP4 track id it was imported from
 * @param samples              samples published (for passthrough: samples inside published fragments)
 * @param bytes                sample bytes published (without container overhead)
 * @param groups               MoQ groups started
 * @param frames               MoQ frames written (samples in legacy, fragments in passthrough)
 * @param droppedSamples       samples dropped because no group could start at them: video before its first keyframe,
 *                             audio that is not a sync sample while no group is open
 * @param firstTimestampMicros timestamp of the first published sample, or -1 before any
 * @param lastTimestampMicros  timestamp of the last published sample, or -1 before any
 * @param jitterMillis         the jitter the catalog advertises, or -1 before it is known
 * @param measuredBitrate      sample bytes per second of media, in bit/s, or -1 before two samples
 * @param measuredFramerate    samples per second of media, or -1 before two samples; the span is
 *                             taken between the earliest and the latest timestamp and widened by
 *                             one average step, so 60 frames of a 30 fps clip measure 30
 */
public record TrackStats(String name, TrackKind kind, String codec, long trackId, long samples, long bytes,
                         long groups, long frames, long droppedSamples, long firstTimestampMicros,
                         long lastTimestampMicros, long jitterMillis, long measuredBitrate,
                         double measuredFramerate) {
}
