package io.github.moqmux.fmp4;

import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.VisualSampleEntry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The codec families the importer turns into catalog renditions, in one list per media type.
 * {@link TrackConfigs} looks entries up here and the "supported: …" parts of refusals are built
 * from these lists, so a family added here is known everywhere in the importer. (Which sample
 * entries the box parser reads is the parser's own list, {@code mp4.SampleEntryFormats}.)
 */
final class CodecBindings {
    /** Video families. */
    static final List<VideoBinding> VIDEO = List.of(new AvcBinding(), new HevcBinding(), new Vp8Binding(),
        new Vp9Binding(), new Av1Binding());

    /** Audio families; MP3 comes before AAC because both read {@code mp4a} entries. */
    static final List<AudioBinding> AUDIO = List.of(new Mp3Binding(), new AacBinding(), new OpusBinding(),
        new FlacBinding(), new Ac3Binding());

    private CodecBindings() {
    }

    /** @return the video family of the entry, or null */
    static VideoBinding video(VisualSampleEntry entry) {
        for (VideoBinding b : VIDEO) {
            if (b.sampleEntryTypes().contains(entry.format())) {
                return b;
            }
        }
        return null;
    }

    /** @return the audio family of the entry, or null */
    static AudioBinding audio(AudioSampleEntry entry) {
        for (AudioBinding b : AUDIO) {
            if (b.handles(entry)) {
                return b;
            }
        }
        return null;
    }

    /** @return e.g. {@code "avc1, avc3, hvc1, …"} */
    static String supportedVideo() {
        return VIDEO.stream().flatMap(b -> b.sampleEntryTypes().stream()).map(FourCC::toString)
            .collect(Collectors.joining(", "));
    }

    /** @return e.g. {@code "mp4a (AAC), Opus, …"} */
    static String supportedAudio() {
        return AUDIO.stream().map(AudioBinding::supported).collect(Collectors.joining(", "));
    }
}
