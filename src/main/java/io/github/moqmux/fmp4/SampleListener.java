package io.github.moqmux.fmp4;

/**
 * Told about every sample an {@link Fmp4Importer} publishes, right after its frame was written:
 * for monitoring, publish-latency metrics and tests. Called on the thread that feeds the importer,
 * inside {@code decode}; keep it cheap.
 *
 * <pre>{@code
 * importer.setSampleListener((track, timestampMicros, streamEnd) ->
 *     metrics.recordPublished(track, System.nanoTime()));
 * }</pre>
 */
@FunctionalInterface
public interface SampleListener {
    /**
     * @param track           the MoQ track name
     * @param timestampMicros the sample's presentation timestamp on the broadcast timeline
     * @param streamEnd       the absolute stream offset just past the sample's last byte
     */
    void samplePublished(String track, long timestampMicros, long streamEnd);
}
