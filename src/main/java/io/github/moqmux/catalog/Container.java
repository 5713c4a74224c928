package io.github.moqmux.catalog;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * How the frames of a rendition's track are encoded (DESIGN §4), as written in the catalog's
 * {@code container} field.
 */
public sealed interface Container permits Container.Legacy, Container.Cmaf {

    /**
     * Each frame is a QUIC varint timestamp in microseconds followed by the sample bytes. JSON:
     * {@code {"kind":"legacy"}}; MSF packaging {@code "legacy"}.
     */
    record Legacy() implements Container {}

    /**
     * Each frame is one CMAF fragment ({@code moof} + {@code mdat}) of this track alone. JSON:
     * {@code {"kind":"cmaf","timescale":90000,"trackId":1,"init":"<standard base64>"}}; all three
     * fields are written because older players read {@code timescale}/{@code trackId} and newer
     * ones {@code init}.
     *
     * @param timescale the track's {@code mdhd} timescale, at least 1
     * @param trackId   the track's id in the init segment, 0–0xFFFFFFFF
     * @param init      the init segment: {@code ftyp} + a {@code moov} holding only this track;
     *                  copied on the way in and out
     */
    record Cmaf(long timescale, long trackId, byte[] init) implements Container {
        /**
         * Checks ranges and copies the init segment.
         *
         * @param timescale the {@code mdhd} timescale
         * @param trackId   the track id in the init segment
         * @param init      the init segment
         */
        public Cmaf {
            if (timescale < 1 || timescale > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("timescale must be in [1, 2^32-1], was " + timescale);
            }
            if (trackId < 0 || trackId > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("trackId must be in [0, 2^32-1], was " + trackId);
            }
            init = Objects.requireNonNull(init, "init").clone();
        }

        /** @return a copy of the init segment */
        @Override
        public byte[] init() {
            return init.clone();
        }

        /** Compares the init segment by content. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Cmaf c && timescale == c.timescale && trackId == c.trackId
                    && Arrays.equals(init, c.init);
        }

        /** Hashes the init segment by content. */
        @Override
        public int hashCode() {
            return (Long.hashCode(timescale) * 31 + Long.hashCode(trackId)) * 31 + Arrays.hashCode(init);
        }

        /** @return the fields, with the init segment as its length (it is usually kilobytes) */
        @Override
        public String toString() {
            return "Cmaf[timescale=" + timescale + ", trackId=" + trackId + ", init=" + init.length + " bytes]";
        }

        /** @return the init segment in standard base64, as written to the catalogs */
        String initBase64() {
            return Base64.getEncoder().encodeToString(init);
        }
    }
}
