package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.VideoConfig;
import io.github.moqmux.mp4.Trex;
import io.github.moqmux.publish.TrackPublisher;
import io.netty.buffer.ByteBuf;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The importer's state for one MP4 track, with the behaviour that moves it: how its times map,
 * where its samples go ({@link #publish}, {@link #endFragment}), where it starts
 * ({@link #firstPublished}) and how a codec configuration carried in-band is resolved. What is
 * format-neutral (group policy, start at a keyframe, jitter, framerate, stats, the rendition) lives
 * in its {@link TrackPublisher}. Mutable; owned by one importer.
 */
final class ImportedTrack {
    private static final Logger log = LoggerFactory.getLogger(Fmp4Importer.class);

    final long trackId;
    final TrackKind kind;
    final String name;
    final Timeline timeline;
    /** Defaults from {@code mvex/trex}, or null. */
    final Trex trex;
    final TrackOutput output;
    final TrackPublisher publisher;

    /**
     * Set while the track's codec configuration is still to be read from the stream (an AV1 track
     * whose av1C is empty): turns the first sequence header into the rendition. The rendition is
     * announced once resolved.
     */
    Function<Av1SequenceHeader, VideoConfig> resolveVideo;
    /** Samples the moov's sample tables describe and that were not published yet, or null. */
    TableSamples table;
    /** Where the next fragment starts when it has no {@code tfdt}. */
    long nextDecodeTime;
    /** Set while an earlier traf of this track in the same moof still has samples to publish. */
    boolean busy;

    ImportedTrack(long trackId, TrackKind kind, Timeline timeline, Trex trex, TrackOutput output) {
        this.trackId = trackId;
        this.kind = kind;
        this.publisher = output.publisher;
        this.name = publisher.name();
        this.timeline = timeline;
        this.trex = trex;
        this.output = output;
    }

    /**
     * Publishes one sample.
     *
     * @param batch    the fragment's samples
     * @param i        the sample's index
     * @param in       the input holding the sample's bytes; not retained unless sliced here
     * @param index    the buffer index of the sample's first byte in {@code in}
     * @param listener told about the sample, or null
     */
    void publish(SampleBatch batch, int i, ByteBuf in, int index, SampleListener listener) {
        // A slice per sample only where someone reads it: the output, or the in-band config search.
        boolean inBand = resolveVideo != null && batch.keyframe[i];
        ByteBuf bytes = inBand || output.needsSampleBytes() ? in.retainedSlice(index, (int) batch.size[i]) : null;
        if (inBand) {
            resolveFromSample(batch.position[i], bytes);
        }
        output.sample(batch, i, bytes);
        if (listener != null) {
            listener.samplePublished(name, batch.timestamp[i], batch.position[i] + batch.size[i]);
        }
    }

    /**
     * @return whether runs of samples whose bytes lie back to back may be published with one
     *     slice ({@link #publishRun}); not while the codec configuration is still searched in-band
     */
    boolean takesRuns() {
        return resolveVideo == null && output.takesRuns();
    }

    /**
     * Publishes samples {@code from} to {@code to} (exclusive), whose bytes lie back to back in
     * {@code in} from {@code index} on, {@code length} bytes in all. Only when {@link #takesRuns()}.
     *
     * @param listener told about each sample, or null
     */
    void publishRun(SampleBatch batch, int from, int to, ByteBuf in, int index, int length, SampleListener listener) {
        output.sampleRun(batch, from, to, in.retainedSlice(index, length));
        if (listener != null) {
            for (int i = from; i < to; i++) {
                listener.samplePublished(name, batch.timestamp[i], batch.position[i] + batch.size[i]);
            }
        }
    }

    /**
     * Reads the rendition of a track whose codec configuration is in-band (an empty av1C) from a
     * keyframe. Ownership: {@code bytes} stays the caller's on success; on failure it is released
     * here, because the caller's next step (handing it to the output) will not happen.
     */
    private void resolveFromSample(long position, ByteBuf bytes) {
        Av1SequenceHeader header;
        VideoConfig resolved;
        try {
            header = Av1SequenceHeader.find(bytes, position);
            // apply validates the rendition (TrackConfigs.video) and may throw: both calls sit
            // inside the try that releases the slice.
            resolved = header == null ? null : resolveVideo.apply(header);
        } catch (RuntimeException e) {
            bytes.release();
            throw e;
        }
        if (header != null) {
            resolveVideo = null;
            publisher.resolveVideo(resolved);
            log.info("track {}: codec {} from the in-band sequence header", name, resolved.codec());
        }
    }

    /** Ends a track fragment whose samples are all published; updates jitter and framerate. */
    void endFragment(SampleBatch batch, int from) {
        output.endFragment(batch, from);
        if (log.isDebugEnabled()) {
            // Guarded: the arguments box two longs per fragment even when debug is off.
            log.debug("track {}: fragment of {} sample(s) at {} µs", name, batch.count - from, batch.timestamp[from]);
        }
        publisher.endFragment();
    }

    /**
     * @return the index of the first sample of the batch to publish: for a video track that has
     *     not started yet, its first keyframe (the samples before cannot be decoded and are dropped)
     */
    int firstPublished(SampleBatch batch) {
        int from = publisher.firstPublishable(batch.keyframe, batch.count);
        if (from > 0) {
            log.warn("track {}: dropped {} sample(s) before the first keyframe", name, from);
        }
        return from;
    }

    /** @return the catalog with this track's current rendition added or replaced */
    Catalog putInto(Catalog catalog) {
        return publisher.putInto(catalog);
    }

    String codec() {
        if (kind == TrackKind.VIDEO) {
            VideoConfig video = publisher.videoRendition();
            return video == null ? "av01 (awaiting sequence header)" : video.codec().toString();
        }
        return publisher.audioRendition().codec().toString();
    }

    TrackStats stats() {
        return new TrackStats(name, kind, codec(), trackId, publisher.samples(), publisher.bytes(),
            output.groupCount(), output.frameCount(), publisher.droppedSamples(), publisher.firstTimestampMicros(),
            publisher.lastTimestampMicros(), publisher.jitterMillis(), publisher.measuredBitrate(),
            publisher.measuredFramerate());
    }
}
