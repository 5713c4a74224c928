package io.github.moqmux.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AudioCodecTest {

    static Stream<Arguments> knownStrings() {
        return Stream.of(
                Arguments.of(new AudioCodec.Aac(0x40, 2), "mp4a.40.2"),     // AAC LC
                Arguments.of(new AudioCodec.Aac(0x40, 5), "mp4a.40.5"),     // HE-AAC (SBR)
                Arguments.of(new AudioCodec.Aac(0x40, 29), "mp4a.40.29"),   // HE-AAC v2 (PS)
                Arguments.of(new AudioCodec.Aac(0x40, 42), "mp4a.40.42"),   // xHE-AAC, an escaped type
                Arguments.of(new AudioCodec.Aac(0x40, 1), "mp4a.40.1"),
                Arguments.of(new AudioCodec.Aac(0x67, 2), "mp4a.67"),       // MPEG-2 AAC LC
                Arguments.of(new AudioCodec.Opus(), "opus"));
    }

    @ParameterizedTest
    @MethodSource("knownStrings")
    void formatsKnownValues(AudioCodec codec, String expected) {
        assertThat(codec.toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("knownStrings")
    void parsesKnownValues(AudioCodec expected, String string) {
        AudioCodec parsed = AudioCodec.parse(string);
        assertThat(parsed).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(AudioCodec.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Test
    void acceptsTheLeadingZeroFormsOfTheWebCodecsRegistration() {
        assertThat(AudioCodec.parse("mp4a.40.02")).isEqualTo(new AudioCodec.Aac(0x40, 2));
        assertThat(AudioCodec.parse("mp4a.40.05").toString()).isEqualTo("mp4a.40.5");
    }

    @Test
    void mpeg2AacLcIgnoresTheObjectTypeSoTheStringRoundTrips() {
        AudioCodec.Aac aac = new AudioCodec.Aac(0x67, 5);
        assertThat(aac.toString()).isEqualTo("mp4a.67");
        assertThat(aac.audioObjectType()).isEqualTo(2);
        assertThat(AudioCodec.parse(aac.toString())).isEqualTo(aac);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp4a", "mp4a.", "mp4a.40", "mp4a.40.", "mp4a.40.0", "mp4a.40.31", "mp4a.40.96",
        "mp4a.40.2.1", "mp4a.40.x", "mp4a.40.002", "mp4a.67.2", "mp4a.4g.2", "mp4a.040.2", "mp4a.4.2", "mp4a..2", "opus.1", "opus."})
    void rejectsMalformedAacStrings(String codec) {
        assertThatThrownBy(() -> AudioCodec.parse(codec))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aac", "Opus", "OPUS", "mp4a.6B", "mp4a.69.2", "mp4a.a5", "alac", "vorbis",
        "ac3", "eac3", "FLAC", "avc1.64001f"})
    void rejectsUnknownCodecsAsUnsupported(String codec) {
        assertThatThrownBy(() -> AudioCodec.parse(codec))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.UNSUPPORTED));
    }

    /** Issue 11: the codecs real files carry, per the WebCodecs codec registry; no parameters. */
    @ParameterizedTest
    @ValueSource(strings = {"flac", "mp3", "ac-3", "ec-3"})
    void parsesTheParameterlessCodecsOfIssue11(String codec) {
        assertThat(AudioCodec.parse(codec).toString()).isEqualTo(codec);
        assertThatThrownBy(() -> AudioCodec.parse(codec + ".1"))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED));
    }

    @Test
    void constructorRejectsOtherObjectTypes() {
        assertThatThrownBy(() -> new AudioCodec.Aac(0x69, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AudioCodec.Aac(0x40, 31)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AudioCodec.Aac(0x40, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AudioCodec.Aac(0x40, 96)).isInstanceOf(IllegalArgumentException.class);
    }
}
