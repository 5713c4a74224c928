package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.VideoCodec;
import io.github.moqmux.mp4.VisualSampleEntry;
import io.github.moqmux.mp4.SampleEntryFormat;
import java.util.List;

/**
 * What the importer knows about one video codec family: which sample entries it reads and how
 * their configuration becomes a codec string and a decoder description. Sizes, aspect ratio and
 * bitrate are common to all and stay in {@link TrackConfigs}. The families are listed once, in
 * {@link CodecBindings}.
 */
interface VideoBinding {
    /**
     * @return the sample entry formats of this family, as its configuration records declare them
     *     (e.g. {@code AvcC.AVC1})
     */
    List<SampleEntryFormat> formats();

    /**
     * @param entry an entry of one of {@link #formats()}
     * @return its codec and description
     * @throws io.github.moqmux.MoqMuxException at the entry when its configuration is missing or
     *     unusable
     */
    Decoder decoder(VisualSampleEntry entry);

    /**
     * @param codec       the codec string parameters
     * @param description the WebCodecs description, or null when the codec has none
     */
    record Decoder(VideoCodec codec, byte[] description) {
    }
}
