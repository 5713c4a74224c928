package io.github.moqmux.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.mp4.SampleEntryFormat;
import io.github.moqmux.mp4.SampleEntryFormats;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The box parser's list of sample entry formats and the importer's list of codec bindings are the
 * two registration points of a codec (README, "Adding a codec"); this ties them, so a format the
 * parser decodes but no binding reads (or the reverse) fails here by name instead of surfacing as
 * an "unsupported" refusal or an untrimmed CMAF entry.
 */
class CodecBindingsTest {

    @Test
    void theBindingsReadExactlyTheFormatsTheParserDecodes() {
        assertThat(CodecBindings.formats())
            .as("formats the bindings read")
            .containsExactlyInAnyOrderElementsOf(SampleEntryFormats.all());
    }

    @Test
    void eachBindingFormatIsTheParsersOwnDeclaration() {
        for (SampleEntryFormat format : CodecBindings.formats()) {
            assertThat(SampleEntryFormats.find(format.type())).as(format.toString()).isSameAs(format);
        }
    }

    @Test
    void noTwoVideoBindingsClaimOneEntryType() {
        List<Integer> types = CodecBindings.VIDEO.stream().flatMap(b -> b.formats().stream())
            .map(SampleEntryFormat::type).collect(Collectors.toList());
        assertThat(types).doesNotHaveDuplicates();
    }

    @Test
    void theRefusalsNameEveryFormat() {
        assertThat(CodecBindings.supportedVideo()).isEqualTo("avc1, avc3, hvc1, hev1, vp08, vp09, av01");
        for (AudioBinding binding : CodecBindings.AUDIO) {
            assertThat(CodecBindings.supportedAudio()).contains(binding.supported());
        }
    }
}
