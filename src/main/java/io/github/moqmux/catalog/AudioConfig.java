package io.github.moqmux.catalog;

import java.util.Arrays;
import java.util.Objects;

/**
 * One audio rendition of the catalog: what a player needs to configure a WebCodecs
 * {@code AudioDecoder} for the rendition's track, plus how its frames are packaged. Optional fields
 * are {@code null} when unknown and are then omitted from the JSON.
 *
 * @param codec            the codec; its string is the JSON {@code codec}
 * @param sampleRate       samples per second, at least 1
 * @param numberOfChannels channel count, at least 1
 * @param bitrate          bits per second, at least 0
 * @param description      the decoder configuration (DESIGN §3.4: the AAC AudioSpecificConfig,
 *                         the Opus {@code OpusHead}), written as lowercase hex; copied on the way
 *                         in and out
 * @param container        how frames are packaged; null is taken as {@link Container.Legacy}
 * @param jitter           how far frames may arrive out of order or late, in milliseconds, at least 0
 */
public record AudioConfig(AudioCodec codec, int sampleRate, int numberOfChannels, Long bitrate, byte[] description,
                          Container container, Long jitter) {

    /**
     * Checks ranges, copies the description and fills in the default container.
     *
     * @param codec            the codec
     * @param sampleRate       samples per second
     * @param numberOfChannels channel count
     * @param bitrate          bits per second, or null
     * @param description      the decoder configuration, or null
     * @param container        the frame packaging; null means legacy
     * @param jitter           milliseconds, or null
     */
    public AudioConfig {
        Objects.requireNonNull(codec, "codec");
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sampleRate must be positive, was " + sampleRate);
        }
        if (numberOfChannels < 1) {
            throw new IllegalArgumentException("numberOfChannels must be positive, was " + numberOfChannels);
        }
        VideoConfig.nonNegative(bitrate, "bitrate");
        description = description == null ? null : description.clone();
        container = container == null ? new Container.Legacy() : container;
        VideoConfig.nonNegative(jitter, "jitter");
    }

    /**
     * A rendition with the legacy container and no optional fields.
     *
     * @param codec            the codec
     * @param sampleRate       samples per second
     * @param numberOfChannels channel count
     * @return the config
     */
    public static AudioConfig of(AudioCodec codec, int sampleRate, int numberOfChannels) {
        return new AudioConfig(codec, sampleRate, numberOfChannels, null, null, null, null);
    }

    /** @return a copy of the decoder description, or null */
    @Override
    public byte[] description() {
        return description == null ? null : description.clone();
    }

    /**
     * @param newBitrate bits per second, or null
     * @return a copy with the bitrate replaced
     */
    public AudioConfig withBitrate(Long newBitrate) {
        return new AudioConfig(codec, sampleRate, numberOfChannels, newBitrate, description, container, jitter);
    }

    /**
     * @param newDescription the decoder description, or null; copied
     * @return a copy with the description replaced
     */
    public AudioConfig withDescription(byte[] newDescription) {
        return new AudioConfig(codec, sampleRate, numberOfChannels, bitrate, newDescription, container, jitter);
    }

    /**
     * @param newContainer the frame packaging; null means legacy
     * @return a copy with the container replaced
     */
    public AudioConfig withContainer(Container newContainer) {
        return new AudioConfig(codec, sampleRate, numberOfChannels, bitrate, description, newContainer, jitter);
    }

    /**
     * @param newJitter milliseconds, or null
     * @return a copy with the jitter replaced
     */
    public AudioConfig withJitter(Long newJitter) {
        return new AudioConfig(codec, sampleRate, numberOfChannels, bitrate, description, container, newJitter);
    }

    /** Compares the description by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AudioConfig a
                && codec.equals(a.codec) && sampleRate == a.sampleRate && numberOfChannels == a.numberOfChannels
                && Objects.equals(bitrate, a.bitrate) && Arrays.equals(description, a.description)
                && container.equals(a.container) && Objects.equals(jitter, a.jitter);
    }

    /** Hashes the description by content. */
    @Override
    public int hashCode() {
        return Objects.hash(codec, sampleRate, numberOfChannels, bitrate, container, jitter) * 31
                + Arrays.hashCode(description);
    }

    /** @return the fields, with the description in hex */
    @Override
    public String toString() {
        return "AudioConfig[codec=" + codec + ", sampleRate=" + sampleRate + ", numberOfChannels=" + numberOfChannels
                + ", bitrate=" + bitrate + ", description=" + (description == null ? null : Hex.encode(description))
                + ", container=" + container + ", jitter=" + jitter + "]";
    }
}
