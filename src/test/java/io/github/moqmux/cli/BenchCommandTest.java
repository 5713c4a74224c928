package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The bench command's output format; timings are printed, never asserted. */
class BenchCommandTest {

    @ParameterizedTest
    @CsvSource({"false, h264_aac.mp4, 155", "true, h264_aac.mp4, 155", "false, h264_aac_every_frame.mp4, 155"})
    void printsOneJsonLineWithTheSampleCount(boolean passthrough, String file, long samples) throws Exception {
        MainTest.Run r = passthrough
            ? MainTest.run("bench", "--passthrough", "--iterations", "2", "--warmup", "2", "testdata/" + file)
            : MainTest.run("bench", "--iterations", "2", "--warmup", "2", "testdata/" + file);
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("samples").asLong()).isEqualTo(samples);
        assertThat(json.get("bytes").asLong()).isEqualTo(java.nio.file.Files.size(java.nio.file.Path.of("testdata", file)));
        assertThat(json.get("container").asText()).isEqualTo(passthrough ? "cmaf" : "legacy");
        assertThat(json.get("iterations").asInt()).isEqualTo(2);
        for (String field : new String[] {"ms_median", "ms_min", "ms_max", "samples_per_s", "mb_per_s",
            "alloc_bytes_per_sample"}) {
            assertThat(json.get(field)).as(field).isNotNull();
            assertThat(json.get(field).isNumber()).as(field).isTrue();
        }
        assertThat(json.get("ms_min").asDouble()).isLessThanOrEqualTo(json.get("ms_median").asDouble());
        assertThat(json.get("ms_median").asDouble()).isLessThanOrEqualTo(json.get("ms_max").asDouble());
    }

    @Test
    void wrongCommandLinesAreUsageErrors() {
        assertThat(MainTest.run("bench").exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(MainTest.run("bench", "--iterations").exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(MainTest.run("bench", "--iterations", "0", "testdata/h264_aac.mp4").exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(MainTest.run("bench", "--bogus", "testdata/h264_aac.mp4").exit()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void badInputIsReportedOnOneLine() {
        MainTest.Run missing = MainTest.run("bench", "testdata/does-not-exist.mp4");
        assertThat(missing.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        MainTest.Run notMp4 = MainTest.run("bench", "--iterations", "1", "testdata/README.md");
        assertThat(notMp4.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(notMp4.err()).startsWith("error: ").doesNotContain("\tat ");
    }
}
