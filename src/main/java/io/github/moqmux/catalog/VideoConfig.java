package io.github.moqmux.catalog;

import java.util.Arrays;
import java.util.Objects;

/**
 * One video rendition of the catalog: what a player needs to configure a WebCodecs
 * {@code VideoDecoder} for the rendition's track, plus how its frames are packaged. Optional fields
 * are {@code null} when unknown and are then omitted from the JSON.
 *
 * <p>Build one with {@link #of(VideoCodec)} and the {@code with…} methods:
 *
 * <pre>{@code
 * VideoConfig config = VideoConfig.of(new VideoCodec.H264(false, 0x64, 0x00, 0x1f))
 *         .withDescription(avcC)
 *         .withCodedSize(1280, 720)
 *         .withFramerate(30000.0 / 1001);
 * }</pre>
 *
 * @param codec               the codec; its string is the JSON {@code codec}
 * @param description         the decoder configuration (DESIGN §3.4: the {@code avcC}/{@code hvcC}
 *                            body), written as lowercase hex; null for codecs without one; copied on
 *                            the way in and out
 * @param codedWidth          width in pixels, at least 1
 * @param codedHeight         height in pixels, at least 1
 * @param displayAspectWidth  display aspect ratio width (from {@code pasp}), at least 1
 * @param displayAspectHeight display aspect ratio height, at least 1
 * @param bitrate             bits per second, at least 0
 * @param framerate           frames per second, finite and positive
 * @param optimizeForLatency  the WebCodecs decoder hint
 * @param container           how frames are packaged; null is taken as {@link Container.Legacy}
 * @param jitter              how far frames may arrive out of order or late, in milliseconds, at least 0
 */
public record VideoConfig(VideoCodec codec, byte[] description, Integer codedWidth, Integer codedHeight,
                          Integer displayAspectWidth, Integer displayAspectHeight, Long bitrate, Double framerate,
                          Boolean optimizeForLatency, Container container, Long jitter) {

    /**
     * Checks ranges, copies the description and fills in the default container.
     *
     * @param codec               the codec
     * @param description         the decoder configuration, or null
     * @param codedWidth          pixels, or null
     * @param codedHeight         pixels, or null
     * @param displayAspectWidth  aspect ratio width, or null
     * @param displayAspectHeight aspect ratio height, or null
     * @param bitrate             bits per second, or null
     * @param framerate           frames per second, or null
     * @param optimizeForLatency  the decoder hint, or null
     * @param container           the frame packaging; null means legacy
     * @param jitter              milliseconds, or null
     */
    public VideoConfig {
        Objects.requireNonNull(codec, "codec");
        description = description == null ? null : description.clone();
        positive(codedWidth, "codedWidth");
        positive(codedHeight, "codedHeight");
        positive(displayAspectWidth, "displayAspectWidth");
        positive(displayAspectHeight, "displayAspectHeight");
        nonNegative(bitrate, "bitrate");
        if (framerate != null && !(Double.isFinite(framerate) && framerate > 0)) {
            throw new IllegalArgumentException("framerate must be finite and positive, was " + framerate);
        }
        container = container == null ? new Container.Legacy() : container;
        nonNegative(jitter, "jitter");
    }

    /**
     * A rendition with only its codec known and the legacy container.
     *
     * @param codec the codec
     * @return the config
     */
    public static VideoConfig of(VideoCodec codec) {
        return new VideoConfig(codec, null, null, null, null, null, null, null, null, null, null);
    }

    /** @return a copy of the decoder description, or null */
    @Override
    public byte[] description() {
        return description == null ? null : description.clone();
    }

    /**
     * @param newCodec the codec
     * @return a copy with the codec replaced
     */
    public VideoConfig withCodec(VideoCodec newCodec) {
        return new VideoConfig(newCodec, description, codedWidth, codedHeight, displayAspectWidth,
                displayAspectHeight, bitrate, framerate, optimizeForLatency, container, jitter);
    }

    /**
     * @param newDescription the decoder description, or null; copied
     * @return a copy with the description replaced
     */
    public VideoConfig withDescription(byte[] newDescription) {
        return new VideoConfig(codec, newDescription, codedWidth, codedHeight, displayAspectWidth,
                displayAspectHeight, bitrate, framerate, optimizeForLatency, container, jitter);
    }

    /**
     * @param width  coded width, or null
     * @param height coded height, or null
     * @return a copy with the coded size replaced
     */
    public VideoConfig withCodedSize(Integer width, Integer height) {
        return new VideoConfig(codec, description, width, height, displayAspectWidth, displayAspectHeight,
                bitrate, framerate, optimizeForLatency, container, jitter);
    }

    /**
     * @param width  display aspect width, or null
     * @param height display aspect height, or null
     * @return a copy with the display aspect ratio replaced
     */
    public VideoConfig withDisplayAspect(Integer width, Integer height) {
        return new VideoConfig(codec, description, codedWidth, codedHeight, width, height, bitrate, framerate,
                optimizeForLatency, container, jitter);
    }

    /**
     * @param newBitrate bits per second, or null
     * @return a copy with the bitrate replaced
     */
    public VideoConfig withBitrate(Long newBitrate) {
        return new VideoConfig(codec, description, codedWidth, codedHeight, displayAspectWidth,
                displayAspectHeight, newBitrate, framerate, optimizeForLatency, container, jitter);
    }

    /**
     * @param newFramerate frames per second, or null
     * @return a copy with the framerate replaced
     */
    public VideoConfig withFramerate(Double newFramerate) {
        return new VideoConfig(codec, description, codedWidth, codedHeight, displayAspectWidth,
                displayAspectHeight, bitrate, newFramerate, optimizeForLatency, container, jitter);
    }

    /**
     * @param newOptimizeForLatency the decoder hint, or null
     * @return a copy with the hint replaced
     */
    public VideoConfig withOptimizeForLatency(Boolean newOptimizeForLatency) {
        return new VideoConfig(codec, description, codedWidth, codedHeight, displayAspectWidth,
                displayAspectHeight, bitrate, framerate, newOptimizeForLatency, container, jitter);
    }

    /**
     * @param newContainer the frame packaging; null means legacy
     * @return a copy with the container replaced
     */
    public VideoConfig withContainer(Container newContainer) {
        return new VideoConfig(codec, description, codedWidth, codedHeight, displayAspectWidth,
                displayAspectHeight, bitrate, framerate, optimizeForLatency, newContainer, jitter);
    }

    /**
     * @param newJitter milliseconds, or null
     * @return a copy with the jitter replaced
     */
    public VideoConfig withJitter(Long newJitter) {
        return new VideoConfig(codec, description, codedWidth, codedHeight, displayAspectWidth,
                displayAspectHeight, bitrate, framerate, optimizeForLatency, container, newJitter);
    }

    /** Compares the description by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof VideoConfig v
                && codec.equals(v.codec) && Arrays.equals(description, v.description)
                && Objects.equals(codedWidth, v.codedWidth) && Objects.equals(codedHeight, v.codedHeight)
                && Objects.equals(displayAspectWidth, v.displayAspectWidth)
                && Objects.equals(displayAspectHeight, v.displayAspectHeight)
                && Objects.equals(bitrate, v.bitrate) && Objects.equals(framerate, v.framerate)
                && Objects.equals(optimizeForLatency, v.optimizeForLatency)
                && container.equals(v.container) && Objects.equals(jitter, v.jitter);
    }

    /** Hashes the description by content. */
    @Override
    public int hashCode() {
        return Objects.hash(codec, codedWidth, codedHeight, displayAspectWidth, displayAspectHeight, bitrate,
                framerate, optimizeForLatency, container, jitter) * 31 + Arrays.hashCode(description);
    }

    /** @return the fields, with the description in hex */
    @Override
    public String toString() {
        return "VideoConfig[codec=" + codec + ", description=" + (description == null ? null : Hex.encode(description))
                + ", codedWidth=" + codedWidth + ", codedHeight=" + codedHeight
                + ", displayAspectWidth=" + displayAspectWidth + ", displayAspectHeight=" + displayAspectHeight
                + ", bitrate=" + bitrate + ", framerate=" + framerate + ", optimizeForLatency=" + optimizeForLatency
                + ", container=" + container + ", jitter=" + jitter + "]";
    }

    static void positive(Integer v, String name) {
        if (v != null && v < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + v);
        }
    }

    static void nonNegative(Long v, String name) {
        if (v != null && v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + v);
        }
    }
}
