package io.github.moqmux.fmp4;

/** Which kinds of tracks an {@link Fmp4Importer} imports; the others are skipped. */
public enum TrackSelection {
    /** Video and audio (the default). */
    ALL,
    /** Video tracks only. */
    VIDEO_ONLY,
    /** Audio tracks only. */
    AUDIO_ONLY;

    /**
     * @param kind a track kind
     * @return whether tracks of that kind are imported
     */
    public boolean includes(TrackKind kind) {
        return this == ALL || (this == VIDEO_ONLY) == (kind == TrackKind.VIDEO);
    }
}
