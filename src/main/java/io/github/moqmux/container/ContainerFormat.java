package io.github.moqmux.container;

/**
 * How a track's samples are packed into MoQ frames (DESIGN §4): {@link Legacy} (hang's legacy
 * container, one frame per sample with a varint timestamp) or {@link Cmaf} (one frame per CMAF
 * fragment, {@code moof} + {@code mdat}). Decided once per import, so the publishing paths hold the
 * output for the format instead of testing a flag per sample.
 *
 * <pre>{@code
 * TrackProducer track = broadcast.uniqueTrack(ContainerFormat.LEGACY.trackSuffix());   // "0.hang"
 * }</pre>
 */
public sealed interface ContainerFormat permits ContainerFormat.Legacy, ContainerFormat.Cmaf {
    /** The legacy container. */
    ContainerFormat LEGACY = new Legacy();
    /** The CMAF container. */
    ContainerFormat CMAF = new Cmaf();

    /** @return the suffix of the track names of this container, e.g. {@code ".hang"} */
    String trackSuffix();

    /**
     * @return whether the source's own fragment boxes ({@code moof}, {@code mdat} header) are kept
     *     while their samples arrive, so a fragment that is already one track's can pass through
     *     unchanged
     */
    boolean keepsSourceFragment();

    /** One MoQ frame per sample: the timestamp in µs as a QUIC varint, then the sample bytes. */
    record Legacy() implements ContainerFormat {
        /** @return {@code ".hang"} */
        @Override
        public String trackSuffix() {
            return ".hang";
        }

        /** @return false: frames are built per sample */
        @Override
        public boolean keepsSourceFragment() {
            return false;
        }
    }

    /** One MoQ frame per fragment: a {@code moof} + {@code mdat} with one track's samples. */
    record Cmaf() implements ContainerFormat {
        /** @return {@code ".m4s"} */
        @Override
        public String trackSuffix() {
            return ".m4s";
        }

        /** @return true: a single-track source fragment passes through unchanged */
        @Override
        public boolean keepsSourceFragment() {
            return true;
        }
    }
}
