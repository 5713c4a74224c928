package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.VideoConfig;
import io.github.moqmux.mp4.Trex;
import java.util.function.Function;

/**
 * The importer's state for one MP4 track: how its times map, where its frames go, what the
 * catalog says about it, and what it has published. Mutable; owned by one importer.
 */
final class ImportedTrack {
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
