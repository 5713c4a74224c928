package io.github.moqmux.publish;

import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.VideoConfig;
import io.github.moqmux.container.DurationGroups;
import io.github.moqmux.container.GroupPolicy;
import io.github.moqmux.container.KeyframeGroups;
import io.github.moqmux.container.LegacyFrame;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.TrackProducer;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * Publishes one media track from timestamped samples, whatever format they were parsed from:
 * drops video until its first keyframe, groups frames ({@link KeyframeGroups} for video,
 * {@link DurationGroups} for audio), writes each sample as a legacy frame, and keeps what the
 * catalog needs (jitter, framerate, a rendition resolved late) and the track's stats.
 *
 * <pre>{@code
 * TrackProducer track = broadcast.uniqueTrack(".hang");
 * TrackPublisher video = TrackPublisher.video(track, rendition, 90_000, true);
 * catalog.update(video::putInto);
 * for (Sample s : accessUnits) {                       // from an Annex B parser, say
 *     video.sample(s.ptsMicros(), s.keyframe(), s.durationTicks(), s.bytes());
 *     if (s.endsGop()) {
 *         video.endFragment();
 *         if (video.takeRenditionChange()) catalog.update(video::putInto);
 *     }
 * }
 * video.finish();
 * }</pre>
 *
 * <h2>Containers that write their own frames</h2>
 * An importer whose container frames several samples at once (CMAF) uses the accounting half
 * only: {@link #firstPublishable}, {@link #counted} and {@link #endFragment()}; its frames go to
 * the group policy from {@link #groups()}.
 *
 * <h2>Ownership and threads</h2>
 * {@link #sample} takes ownership of the sample bytes in all cases. Not thread-safe: one thread
 * publishes a track.
 */
public final class TrackPublisher {
    private final String name;
    private final boolean video;
    private final long timescale;
    private final GroupPolicy groups;
    private final JitterEstimate jitter;

    private VideoConfig videoConfig;
    private AudioConfig audioConfig;
    private boolean renditionChanged;
    private boolean framerateKnown;
    /** Whether the audio rendition carries the measured bitrate (none declared can be trusted). */
    private boolean bitrateMeasured;
    private boolean started;

    private long samples;
    private long bytes;
    private long dropped;
    private long firstTimestamp = -1;
    private long lastTimestamp = -1;
    private long minTimestamp = Long.MAX_VALUE;
    private long maxTimestamp = Long.MIN_VALUE;
    /** The latest end (timestamp + duration) of a counted sample, in µs, or -1. */
    private long endTimestamp = -1;
    /** The last sample duration converted to µs, cached: durations rarely change within a track. */
    private long lastDurationTicks = -1;
    private long lastDurationMicros;
    private long groupCount;
    private long frameCount;
    private GroupProducer currentGroup;
    /** Durations (in timescale ticks) of the samples since the last {@link #endFragment()}. */
    private long[] fragmentDurations = new long[64];
    private int fragmentSamples;

    private TrackPublisher(TrackProducer track, boolean video, long timescale, GroupPolicy groups, boolean progressive,
                           VideoConfig videoConfig, AudioConfig audioConfig) {
        this.name = Objects.requireNonNull(track, "track").info().name();
        this.video = video;
        if (timescale <= 0) {
            throw new IllegalArgumentException("timescale must be positive: " + timescale);
        }
        this.timescale = timescale;
        this.groups = groups;
        this.jitter = new JitterEstimate(progressive ? JitterEstimate.Mode.REORDER : JitterEstimate.Mode.FRAGMENT);
        this.videoConfig = videoConfig;
        this.audioConfig = audioConfig;
    }

    /**
     * A video track: groups start at keyframes.
     *
     * @param track       where the frames go; this publisher finishes or aborts it
     * @param rendition   what the catalog announces, or null while the codec configuration is
     *                    still to come from the stream (see {@link #resolveVideo})
     * @param timescale   ticks per second of the sample durations (for the framerate)
     * @param progressive whether samples are published as they arrive (jitter = reordering) rather
     *                    than a fragment at a time (jitter = fragment span)
     * @return the publisher
     */
    public static TrackPublisher video(TrackProducer track, VideoConfig rendition, long timescale, boolean progressive) {
        return new TrackPublisher(track, true, timescale, new KeyframeGroups(track), progressive, rendition, null);
    }

    /**
     * An audio track: groups start at sync samples and span at most {@code maxGroupDurationMicros}
     * (longer only where samples that are not sync samples force it; see {@link DurationGroups}).
     *
     * @param track                  where the frames go; this publisher finishes or aborts it
     * @param rendition              what the catalog announces
     * @param timescale              ticks per second of the sample durations
     * @param maxGroupDurationMicros the longest an audio group may span
     * @param progressive            see {@link #video}
     * @return the publisher
     */
    public static TrackPublisher audio(TrackProducer track, AudioConfig rendition, long timescale,
                                       long maxGroupDurationMicros, boolean progressive) {
        return new TrackPublisher(track, false, timescale, new DurationGroups(track, maxGroupDurationMicros),
            progressive, null, Objects.requireNonNull(rendition, "rendition"));
    }

    /** @return the track's name */
    public String name() {
        return name;
    }

    /** @return the group policy of the track, for containers that write their own frames */
    public GroupPolicy groups() {
        return groups;
    }

    /**
     * Publishes one sample as a legacy frame (varint timestamp + bytes). A sample that no group
     * can take (video before the track's first keyframe, audio that is not a sync sample while no
     * group is open) cannot be decoded: it is dropped (released) and counted as dropped.
     *
     * @param ptsMicros     presentation time in µs
     * @param keyframe      whether a decoder can start here (a sync sample)
     * @param durationTicks the sample's duration in timescale ticks, or 0 if unknown
     * @param sample        the sample bytes; ownership passes to this publisher in all cases
     */
    public void sample(long ptsMicros, boolean keyframe, long durationTicks, ByteBuf sample) {
        if (video && !started) {
            if (!keyframe) {
                sample.release();
                dropped++;
                return;
            }
            started = true;
        }
        long size = sample.readableBytes();
        GroupProducer group;
        try {
            group = groups.groupFor(keyframe, ptsMicros);
        } catch (RuntimeException e) {
            sample.release();
            throw e;
        }
        if (group == null) {
            sample.release();
            dropped++;
            return;
        }
        if (group != currentGroup) {
            currentGroup = group;
            groupCount++;
        }
        LegacyFrame.writeWhole(group, ptsMicros, sample);
        frameCount++;
        groups.frameWritten(ptsMicros);
        counted(ptsMicros, size, durationTicks);
    }

    /**
     * Where publishing of a run of samples starts: for a video track that has not started, and
     * for an audio track while no group is open, its first sync sample; the samples before it are
     * counted as dropped. Call it for each run before its samples are published: an audio run that
     * holds samples that are not sync samples switches the group policy to closing groups only at
     * sync samples ({@link DurationGroups#expectNonSyncSamples()}).
     *
     * @param keyframes the run's keyframe (sync sample) flags
     * @param count     how many of them are valid
     * @return the index of the first sample to publish ({@code count} if none)
     */
    public int firstPublishable(boolean[] keyframes, int count) {
        if (!video) {
            int from = 0;
            boolean open = groups.current() != null;
            for (int i = 0; i < count; i++) {
                if (!keyframes[i]) {
                    ((DurationGroups) groups).expectNonSyncSamples();
                    if (!open && from == i) {
                        from++;
                    }
                }
            }
            dropped += from;
            return from;
        }
        if (started) {
            return 0;
        }
        int from = 0;
        while (from < count && !keyframes[from]) {
            from++;
        }
        dropped += from;
        started = from < count;
        return from;
    }

    /**
     * Counts a sample whose frame the caller's container wrote: stats, jitter and the durations
     * for the framerate. {@link #sample} calls it for its own frames.
     *
     * @param ptsMicros     presentation time in µs
     * @param size          the sample's size in bytes
     * @param durationTicks the sample's duration in timescale ticks, or 0 if unknown
     */
    public void counted(long ptsMicros, long size, long durationTicks) {
        jitter.sample(ptsMicros);
        samples++;
        bytes += size;
        if (firstTimestamp < 0) {
            firstTimestamp = ptsMicros;
        }
        lastTimestamp = ptsMicros;
        minTimestamp = Math.min(minTimestamp, ptsMicros);
        maxTimestamp = Math.max(maxTimestamp, ptsMicros);
        if (durationTicks != lastDurationTicks) {
            // Saves a division and a rounding per sample.
            lastDurationTicks = durationTicks;
            lastDurationMicros = Math.round(durationTicks * 1e6 / timescale);
        }
        endTimestamp = Math.max(endTimestamp, ptsMicros + lastDurationMicros);
        if (fragmentSamples == fragmentDurations.length) {
            fragmentDurations = Arrays.copyOf(fragmentDurations, fragmentSamples * 2);
        }
        fragmentDurations[fragmentSamples++] = durationTicks;
    }

    /**
     * Ends a fragment (a GOP, a run of samples published together): updates the jitter and, for
     * video, the framerate from the fragment's most common sample duration, for audio the
     * bitrate where it is measured ({@link #measureBitrate()}). Changes to the
     * rendition are reported by {@link #takeRenditionChange()}.
     */
    public void endFragment() {
        int count = fragmentSamples;
        fragmentSamples = 0;
        if (!video) {
            updateBitrate();
        }
        if (jitter.endFragment()) {
            if (video && videoConfig == null) {
                // Not announced yet: the jitter goes into the rendition when it is resolved.
                return;
            }
            if (video) {
                videoConfig = videoConfig.withJitter(jitter.millis());
            } else {
                audioConfig = audioConfig.withJitter(jitter.millis());
            }
            renditionChanged = true;
        }
        if (video && !framerateKnown && videoConfig != null) {
            long duration = typicalDuration(fragmentDurations, count);
            if (duration > 0) {
                framerateKnown = true;
                videoConfig = videoConfig.withFramerate((double) timescale / duration);
                renditionChanged = true;
            }
        }
    }

    /**
     * Publishes the measured bitrate of an audio track instead of the declared one, which cannot
     * be trusted (a maximum without an average, say): from the end of the first fragment on, and
     * again whenever the measurement drifts by more than {@value #BITRATE_DRIFT_PERCENT} %.
     * A declared bitrate that the measurement contradicts by more than 2× is replaced the same
     * way without this call, once {@value #BITRATE_JUDGED_AFTER_MICROS} µs were measured.
     */
    public void measureBitrate() {
        bitrateMeasured = true;
    }

    /** Drift of the measured bitrate from the published one that republishes it, in percent. */
    private static final int BITRATE_DRIFT_PERCENT = 2;
    /** Span of media measured before a declared bitrate is judged: the first frames are unusual. */
    private static final long BITRATE_JUDGED_AFTER_MICROS = 500_000;

    /** Audio: carries the measured bitrate where the declared one is untrusted or contradicted. */
    private void updateBitrate() {
        long measured = measuredBitrate();
        if (measured <= 0) {
            return;
        }
        Long published = audioConfig.bitrate();
        if (!bitrateMeasured && published != null && maxTimestamp - minTimestamp >= BITRATE_JUDGED_AFTER_MICROS
            && (published > 2 * measured || measured > 2 * published)) {
            bitrateMeasured = true;
        }
        if (bitrateMeasured && (published == null
            || Math.abs(measured - published) * 100 > BITRATE_DRIFT_PERCENT * published)) {
            audioConfig = audioConfig.withBitrate(measured);
            renditionChanged = true;
        }
    }

    /** @return the most common positive duration of the first {@code count}, or 0 */
    private static long typicalDuration(long[] durations, int count) {
        long best = 0;
        int bestCount = 0;
        for (int i = 0; i < count; i++) {
            long candidate = durations[i];
            if (candidate <= 0 || candidate == best) {
                continue;
            }
            int n = 0;
            for (int j = 0; j < count; j++) {
                if (durations[j] == candidate) {
                    n++;
                }
            }
            if (n > bestCount) {
                best = candidate;
                bestCount = n;
            }
        }
        return best;
    }

    /**
     * Sets the rendition of a video track whose codec configuration came from the stream (an AV1
     * sequence header); the jitter measured so far goes into it.
     *
     * @param rendition the resolved rendition
     */
    public void resolveVideo(VideoConfig rendition) {
        videoConfig = jitter.millis() >= 0 ? rendition.withJitter(jitter.millis()) : rendition;
        renditionChanged = true;
    }

    /** @return whether the rendition changed since the last call (then announce it again) */
    public boolean takeRenditionChange() {
        boolean changed = renditionChanged;
        renditionChanged = false;
        return changed;
    }

    /**
     * @param catalog a catalog
     * @return {@code catalog} with this track's rendition added or replaced (unchanged while a video
     *     rendition is not known yet)
     */
    public Catalog putInto(Catalog catalog) {
        if (video) {
            return videoConfig == null ? catalog : catalog.withVideoRendition(name, videoConfig);
        }
        return catalog.withAudioRendition(name, audioConfig);
    }

    /** @return the video rendition (null until known, and for audio) */
    public VideoConfig videoRendition() {
        return videoConfig;
    }

    /** @return the audio rendition (null for video) */
    public AudioConfig audioRendition() {
        return audioConfig;
    }

    /** Finishes the open group and the track. Idempotent. */
    public void finish() {
        groups.finish();
    }

    /**
     * Aborts the open group and the track. Idempotent.
     *
     * @param cause why the track ended; subscribers see it
     */
    public void abort(Throwable cause) {
        groups.abort(cause);
    }

    /** @return samples published */
    public long samples() {
        return samples;
    }

    /** @return bytes of the samples published */
    public long bytes() {
        return bytes;
    }

    /** @return samples dropped because no group could take them (video before the first keyframe) */
    public long droppedSamples() {
        return dropped;
    }

    /** @return groups started by {@link #sample} */
    public long groupCount() {
        return groupCount;
    }

    /** @return frames written by {@link #sample} */
    public long frameCount() {
        return frameCount;
    }

    /** @return the first published sample's timestamp in µs, or -1 */
    public long firstTimestampMicros() {
        return firstTimestamp;
    }

    /** @return the last published sample's timestamp in µs, or -1 */
    public long lastTimestampMicros() {
        return lastTimestamp;
    }

    /**
     * @return the latest end of a published sample (its timestamp plus its duration) in µs, or -1
     *     before the first sample; a sample of unknown duration ends at its timestamp
     */
    public long endTimestampMicros() {
        return endTimestamp;
    }

    /** @return the jitter in ms, or -1 before the first fragment ended */
    public long jitterMillis() {
        return jitter.millis();
    }

    /** @return bits per second over the published timestamps' span, or -1 if unknown */
    public long measuredBitrate() {
        double seconds = spanSeconds();
        return seconds > 0 ? Math.round(bytes * 8 / seconds) : -1;
    }

    /** @return samples per second over the published timestamps' span, or -1 if unknown */
    public double measuredFramerate() {
        double seconds = spanSeconds();
        return seconds > 0 ? samples / seconds : -1;
    }

    private double spanSeconds() {
        if (samples > 1 && maxTimestamp > minTimestamp) {
            // The timestamps span samples - 1 steps; the media lasts one step longer.
            return (maxTimestamp - minTimestamp) / 1e6 * samples / (samples - 1);
        }
        return -1;
    }
}
