package io.github.moqmux.fmp4;

/** What an imported track carries, from its {@code hdlr} handler type. */
public enum TrackKind {
    /** Handler {@code vide}: groups start at keyframes. */
    VIDEO,
    /** Handler {@code soun}: groups span about {@link Fmp4Config#maxAudioGroupDurationMicros()}. */
    AUDIO
}
