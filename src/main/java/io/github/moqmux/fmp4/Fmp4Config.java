package io.github.moqmux.fmp4;

import io.github.moqmux.container.ContainerFormat;

/**
 * Settings of an {@link Fmp4Importer}. Immutable; start from {@link #defaults()} and change what
 * you need:
 *
 * <pre>{@code
 * Fmp4Config config = Fmp4Config.defaults()
 *     .withPassthrough(true)                 // CMAF fragments instead of legacy frames
 *     .withMaxBoxSize(16 * 1024 * 1024);     // refuse fragments above 16 MiB
 * }</pre>
 *
 * @param passthrough                 when true, each MoQ frame is one CMAF fragment ({@code moof} +
 *                                    {@code mdat}) of one track, on tracks named {@code *.m4s}; when
 *                                    false (the default) each frame is one sample in the legacy
 *                                    container (varint timestamp + sample bytes), on {@code *.hang}
 * @param maxAudioGroupDurationMicros the longest an audio group may span, in microseconds
 *                                    (default 100 000: a joining subscriber waits at most ~100 ms)
 * @param maxBoxSize                  the largest top-level box ({@code moov}, {@code moof}, and in
 *                                    whole-{@code mdat} mode the {@code mdat}) and the largest sample
 *                                    the importer buffers; larger ones fail with {@code LIMIT_EXCEEDED}
 *                                    before anything is allocated (default 64 MiB, at most
 *                                    {@code Integer.MAX_VALUE - 8})
 * @param maxTracks                   the most tracks one {@code moov} may declare (default 64)
 * @param maxSamplesPerFragment       the most samples one fragment ({@code moof}, all its track
 *                                    fragments together) may hold (default 100 000); a {@code trun}
 *                                    whose entries use only defaults takes no bytes per sample, so its
 *                                    size alone cannot bound the work
 * @param progressive                 when true (the default), each sample is published as soon as its
 *                                    last byte has been given to {@code decode}, and an {@code mdat} is
 *                                    never buffered whole (only the sample in progress is); when false,
 *                                    an {@code mdat} is buffered until complete and then published,
 *                                    which adds up to a fragment's duration of latency
 * @param tracks                      which kinds of tracks to import (default {@link TrackSelection#ALL});
 *                                    the others are skipped like subtitle tracks
 * @param timeOffsetMicros            microseconds added to every presentation time (default 0): the
 *                                    legacy frames' timestamps, the CMAF fragments' {@code tfdt} (in the
 *                                    track's timescale, rounded to the nearest tick) and the MoQ
 *                                    frame timestamps; a second import of a file into the same tracks
 *                                    passes the first import's end ({@link Fmp4Importer#endMicros()})
 *                                    so the timeline continues
 */
public record Fmp4Config(boolean passthrough, long maxAudioGroupDurationMicros, long maxBoxSize, int maxTracks,
                         int maxSamplesPerFragment, boolean progressive, TrackSelection tracks, long timeOffsetMicros) {

    /** The default {@link #maxAudioGroupDurationMicros()}: 100 ms. */
    public static final long DEFAULT_MAX_AUDIO_GROUP_DURATION_MICROS = 100_000;
    /** The default {@link #maxBoxSize()}: 64 MiB. */
    public static final long DEFAULT_MAX_BOX_SIZE = 64L * 1024 * 1024;
    /** The default {@link #maxTracks()}. */
    public static final int DEFAULT_MAX_TRACKS = 64;
    /** The default {@link #maxSamplesPerFragment()}. */
    public static final int DEFAULT_MAX_SAMPLES_PER_FRAGMENT = 100_000;

    /**
     * Validates the settings.
     *
     * @param passthrough when true, each MoQ frame is one CMAF fragment ({@code moof} +
     *     {@code mdat}) of one track, on tracks named {@code *.m4s}; when
     *     false (the default) each frame is one sample in the legacy
     *     container (varint timestamp + sample bytes), on {@code *.hang}
     * @param maxAudioGroupDurationMicros the longest an audio group may span, in microseconds
     *     (default 100 000: a joining subscriber waits at most ~100 ms)
     * @param maxBoxSize the largest top-level box ({@code moov}, {@code moof}, and in
     *     whole-{@code mdat} mode the {@code mdat}) and the largest sample the importer buffers;
     *     larger ones fail with {@code LIMIT_EXCEEDED} before anything is allocated
     *     (default 64 MiB, at most {@code Integer.MAX_VALUE - 8})
     * @param maxTracks the most tracks one {@code moov} may declare (default 64)
     * @param maxSamplesPerFragment the most samples one fragment ({@code moof}) may hold (default 100 000);
     *     a {@code trun} whose entries use only defaults takes no bytes per
     *     sample, so its size alone cannot bound the work
     * @param progressive whether each sample is published as soon as its bytes arrive (default)
     *     rather than once its whole {@code mdat} has arrived
     * @param tracks which kinds of tracks to import
     * @param timeOffsetMicros microseconds added to every presentation time; not negative
     */
    public Fmp4Config {
        java.util.Objects.requireNonNull(tracks, "tracks");
        if (maxAudioGroupDurationMicros <= 0) {
            throw new IllegalArgumentException("maxAudioGroupDurationMicros must be positive");
        }
        if (maxBoxSize < 16 || maxBoxSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBoxSize must be between 16 and Integer.MAX_VALUE - 8");
        }
        if (maxTracks <= 0) {
            throw new IllegalArgumentException("maxTracks must be positive");
        }
        if (maxSamplesPerFragment <= 0) {
            throw new IllegalArgumentException("maxSamplesPerFragment must be positive");
        }
        if (timeOffsetMicros < 0) {
            throw new IllegalArgumentException("timeOffsetMicros must not be negative");
        }
    }

    /**
     * @return the default settings: legacy container, progressive publishing, 100 ms audio groups,
     *     64 MiB boxes, 64 tracks, 100 000 samples per fragment, no time offset
     */
    public static Fmp4Config defaults() {
        return new Fmp4Config(false, DEFAULT_MAX_AUDIO_GROUP_DURATION_MICROS, DEFAULT_MAX_BOX_SIZE, DEFAULT_MAX_TRACKS,
            DEFAULT_MAX_SAMPLES_PER_FRAGMENT, true, TrackSelection.ALL, 0);
    }

    /**
     * @return the container the tracks are written in: {@link ContainerFormat#CMAF} when
     *     {@link #passthrough()}, else {@link ContainerFormat#LEGACY}
     */
    public ContainerFormat container() {
        return passthrough ? ContainerFormat.CMAF : ContainerFormat.LEGACY;
    }

    /**
     * @param format the container to write
     * @return a copy writing {@code format}; {@code withPassthrough(true)} is a shorthand for
     *     {@code withContainer(ContainerFormat.CMAF)}
     */
    public Fmp4Config withContainer(ContainerFormat format) {
        return withPassthrough(format instanceof ContainerFormat.Cmaf);
    }

    /**
     * @param value whether to pass CMAF fragments through instead of one frame per sample
     * @return a copy with {@link #passthrough()} set
     */
    public Fmp4Config withPassthrough(boolean value) {
        return new Fmp4Config(value, maxAudioGroupDurationMicros, maxBoxSize, maxTracks, maxSamplesPerFragment, progressive, tracks, timeOffsetMicros);
    }

    /**
     * @param micros the longest an audio group may span
     * @return a copy with {@link #maxAudioGroupDurationMicros()} set
     */
    public Fmp4Config withMaxAudioGroupDurationMicros(long micros) {
        return new Fmp4Config(passthrough, micros, maxBoxSize, maxTracks, maxSamplesPerFragment, progressive, tracks, timeOffsetMicros);
    }

    /**
     * @param bytes the largest top-level box to buffer
     * @return a copy with {@link #maxBoxSize()} set
     */
    public Fmp4Config withMaxBoxSize(long bytes) {
        return new Fmp4Config(passthrough, maxAudioGroupDurationMicros, bytes, maxTracks, maxSamplesPerFragment, progressive, tracks, timeOffsetMicros);
    }

    /**
     * @param count the most tracks per {@code moov}
     * @return a copy with {@link #maxTracks()} set
     */
    public Fmp4Config withMaxTracks(int count) {
        return new Fmp4Config(passthrough, maxAudioGroupDurationMicros, maxBoxSize, count, maxSamplesPerFragment, progressive, tracks, timeOffsetMicros);
    }

    /**
     * @param count the most samples per track fragment
     * @return a copy with {@link #maxSamplesPerFragment()} set
     */
    public Fmp4Config withMaxSamplesPerFragment(int count) {
        return new Fmp4Config(passthrough, maxAudioGroupDurationMicros, maxBoxSize, maxTracks, count, progressive, tracks, timeOffsetMicros);
    }

    /**
     * @param value whether to publish each sample as soon as its bytes arrive (true) or each
     *              {@code mdat} once it is complete (false)
     * @return a copy with {@link #progressive()} set
     */
    public Fmp4Config withProgressive(boolean value) {
        return new Fmp4Config(passthrough, maxAudioGroupDurationMicros, maxBoxSize, maxTracks, maxSamplesPerFragment,
            value, tracks, timeOffsetMicros);
    }

    /**
     * @param selection which kinds of tracks to import, e.g. {@link TrackSelection#AUDIO_ONLY}
     * @return a copy with {@link #tracks()} set
     */
    public Fmp4Config withTracks(TrackSelection selection) {
        return new Fmp4Config(passthrough, maxAudioGroupDurationMicros, maxBoxSize, maxTracks, maxSamplesPerFragment,
            progressive, selection, timeOffsetMicros);
    }

    /**
     * Shifts the whole import in time, e.g. to play a file again after itself with continuous
     * timestamps:
     *
     * <pre>{@code
     * Fmp4Config next = config.withTimeOffsetMicros(previousImporter.endMicros());
     * }</pre>
     *
     * @param micros microseconds added to every presentation time; not negative
     * @return a copy with {@link #timeOffsetMicros()} set
     */
    public Fmp4Config withTimeOffsetMicros(long micros) {
        return new Fmp4Config(passthrough, maxAudioGroupDurationMicros, maxBoxSize, maxTracks, maxSamplesPerFragment,
            progressive, tracks, micros);
    }
}
