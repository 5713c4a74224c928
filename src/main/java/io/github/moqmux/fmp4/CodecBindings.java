package io.github.moqmux.fmp4;

import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.SampleEntryFormat;
import io.github.moqmux.mp4.VisualSampleEntry;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The codec families the importer turns into catalog renditions, in one list per media type.
 * {@link TrackConfigs} looks entries up here and the "supported: …" parts of refusals are built
 * from these lists, so a family added here is known everywhere in the importer. Each binding
 * names the sample entry formats it reads by the constants its configuration record declares;
 * together they are exactly the box parser's list, {@code mp4.SampleEntryFormats} (a test checks
 * both ways, so neither list can be forgotten silently).
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
            if (b.formats().stream().anyMatch(f -> f.type() == entry.format())) {
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
        return VIDEO.stream().flatMap(b -> b.formats().stream()).map(SampleEntryFormat::toString)
            .collect(Collectors.joining(", "));
    }

    /** @return every sample entry format some binding reads, video first, without repeats */
    static List<SampleEntryFormat> formats() {
        return Stream.concat(VIDEO.stream().flatMap(b -> b.formats().stream()),
            AUDIO.stream().flatMap(b -> b.formats().stream())).distinct().collect(Collectors.toList());
    }

    /** @return e.g. {@code "mp4a (AAC), Opus, …"} */
    static String supportedAudio() {
        return AUDIO.stream().map(AudioBinding::supported).collect(Collectors.joining(", "));
    }
}
