package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.VideoConfig;
import io.github.moqmux.mp4.Trex;
import io.netty.buffer.ByteBuf;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The importer's state for one MP4 track, with the behaviour that moves it: how its times map,
 * where its frames go ({@link #publish}, {@link #endFragment}), where it starts
 * ({@link #firstPublished}), what the catalog says about it (jitter, framerate, a codec resolved
 * from the stream) and what it has published. Mutable; owned by one importer.
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

    /** Exactly one of these is set, matching {@link #kind}; replaced when jitter or framerate change. */
    VideoConfig video;
    AudioConfig audio;

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
    /** For video: whether the first keyframe has been seen (earlier samples are dropped). */
    boolean started;

    long samples;
    long bytes;
    long dropped;
    long firstTimestamp = -1;
    long lastTimestamp = -1;
    long minTimestamp = Long.MAX_VALUE;
    long maxTimestamp = Long.MIN_VALUE;

    final JitterEstimate jitter;
    /** Set while an earlier traf of this track in the same moof still has samples to publish. */
    boolean busy;
    boolean framerateKnown;
    /** Whether jitter or framerate changed since the catalog was last updated. */
    boolean catalogChanged;

    ImportedTrack(long trackId, TrackKind kind, String name, Timeline timeline, Trex trex, TrackOutput output,
                  VideoConfig video, AudioConfig audio, JitterEstimate.Mode jitterMode) {
        this.trackId = trackId;
        this.kind = kind;
        this.name = name;
        this.timeline = timeline;
        this.trex = trex;
        this.output = output;
        this.video = video;
        this.audio = audio;
        this.jitter = new JitterEstimate(jitterMode);
    }

    /**
     * Publishes one sample and counts it.
     *
     * @param batch    the fragment's samples
     * @param i        the sample's index
     * @param bytes    the sample's bytes; ownership passes to this track in all cases
     * @param listener told about the sample, or null
     */
    void publish(SampleBatch batch, int i, ByteBuf bytes, SampleListener listener) {
        if (resolveVideo != null && batch.keyframe[i]) {
            resolveFromSample(batch.position[i], bytes);
        }
        output.sample(batch, i, bytes);
        long ts = batch.timestamp[i];
        jitter.sample(ts);
        samples++;
        this.bytes += batch.size[i];
        if (firstTimestamp < 0) {
            firstTimestamp = ts;
        }
        lastTimestamp = ts;
        minTimestamp = Math.min(minTimestamp, ts);
        maxTimestamp = Math.max(maxTimestamp, ts);
        if (listener != null) {
            listener.samplePublished(name, ts, batch.position[i] + batch.size[i]);
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
            video = jitter.millis() >= 0 ? resolved.withJitter(jitter.millis()) : resolved;
            catalogChanged = true;
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
        if (jitter.endFragment()) {
            if (kind == TrackKind.VIDEO && video == null) {
                // Not announced yet: the jitter goes into the rendition when it is resolved.
                return;
            }
            if (kind == TrackKind.VIDEO) {
                video = video.withJitter(jitter.millis());
            } else {
                audio = audio.withJitter(jitter.millis());
            }
            catalogChanged = true;
        }
        if (kind == TrackKind.VIDEO && !framerateKnown && video != null) {
            long duration = typicalDuration(batch, from);
            if (duration > 0) {
                framerateKnown = true;
                video = video.withFramerate((double) timeline.timescale() / duration);
                catalogChanged = true;
            }
        }
    }

    /**
     * @return the index of the first sample of the batch to publish: for a video track that has
     *     not started yet, its first keyframe (the samples before cannot be decoded and are dropped)
     */
    int firstPublished(SampleBatch batch) {
        if (kind != TrackKind.VIDEO || started) {
            return 0;
        }
        int from = 0;
        while (from < batch.count && !batch.keyframe[from]) {
            from++;
        }
        if (from > 0) {
            dropped += from;
            log.warn("track {}: dropped {} sample(s) before the first keyframe", name, from);
        }
        started = from < batch.count;
        return from;
    }

    /** @return the most common positive sample duration of the batch from {@code from}, or 0 */
    private static long typicalDuration(SampleBatch batch, int from) {
        long best = 0;
        int bestCount = 0;
        for (int i = from; i < batch.count; i++) {
            long candidate = batch.duration[i];
            if (candidate <= 0 || candidate == best) {
                continue;
            }
            int count = 0;
            for (int j = from; j < batch.count; j++) {
                if (batch.duration[j] == candidate) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    /** @return the catalog with this track's current rendition added or replaced */
    Catalog putInto(Catalog catalog) {
        if (kind == TrackKind.VIDEO) {
            return video == null ? catalog : catalog.withVideoRendition(name, video);
        }
        return catalog.withAudioRendition(name, audio);
    }

    String codec() {
        if (kind == TrackKind.VIDEO) {
            return video == null ? "av01 (awaiting sequence header)" : video.codec().toString();
        }
        return audio.codec().toString();
    }

    TrackStats stats() {
        long bitrate = -1;
        double framerate = -1;
        if (samples > 1 && maxTimestamp > minTimestamp) {
            // The timestamps span samples - 1 steps; the media lasts one step longer.
            double seconds = (maxTimestamp - minTimestamp) / 1e6 * samples / (samples - 1);
            bitrate = Math.round(bytes * 8 / seconds);
            framerate = samples / seconds;
        }
        return new TrackStats(name, kind, codec(), trackId, samples, bytes, output.groupCount(), output.frameCount(),
            dropped, firstTimestamp, lastTimestamp, jitter.millis(), bitrate, framerate);
    }
}
