package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.moqmux.fixtures.Fixture;
import io.github.moqmux.fixtures.Imports;
import io.github.moqmux.fmp4.Fmp4Config;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    @Test
    void inspectPrintsTheCatalogAndATableOfTracks() {
        Run r = run("inspect", "testdata/h264_aac.mp4");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("\"codec\": \"avc1.64000d\"", "\"codec\": \"mp4a.40.2\"", "\"kind\": \"legacy\"");
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("track ")).findFirst().orElseThrow());
        assertThat(lines.subList(header, lines.size())).containsExactly(
            "track      kind  codec                     samples  groups   frames       size     start       end   jitter dropped      bitrate    rate",
            "0.hang     video avc1.64000d                    60       2       60   74.5 KiB   66.7 ms    2.00 s   100 ms       0   305 kbit/s   30.00",
            "1.hang     audio mp4a.40.2                      95      20       95   16.0 KiB       0 s    2.05 s  22.0 ms       0  63.4 kbit/s   45.84");
    }

    @Test
    void inspectJsonIsOneDocumentWithTheCatalogAndExactTrackStats() throws Exception {
        Run r = run("inspect", "--json", "testdata/h264_aac.mp4");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        ObjectMapper mapper = new ObjectMapper();
        JsonNode doc = mapper.readTree(r.out());
        assertThat(doc.fieldNames()).toIterable().containsExactly("catalog", "tracks");
        try (Imports.Result expected = Imports.whole(Fixture.load("h264_aac").bytes, Fmp4Config.defaults())) {
            assertThat(doc.get("catalog")).isEqualTo(mapper.readTree(expected.catalogJson()));
        }
        assertThat(doc.get("tracks")).isEqualTo(mapper.readTree("""
            [{"name":"0.hang","kind":"video","codec":"avc1.64000d","trackId":1,"samples":60,"bytes":76250,
              "groups":2,"frames":60,"droppedSamples":0,"firstTimestampMicros":66666,
              "lastTimestampMicros":2000000,"jitterMillis":100,"measuredBitrate":305000,"measuredFramerate":30.000},
             {"name":"1.hang","kind":"audio","codec":"mp4a.40.2","trackId":2,"samples":95,"bytes":16430,
              "groups":20,"frames":95,"droppedSamples":0,"firstTimestampMicros":0,
              "lastTimestampMicros":2050666,"jitterMillis":22,"measuredBitrate":63422,"measuredFramerate":45.839}]
            """));
    }

    @Test
    void dumpJsonPrintsTheSameDocumentAsInspect(@TempDir Path dir) {
        Run dump = run("dump", "--json", "testdata/h264_aac.mp4", dir.toString());
        Run inspect = run("inspect", "--json", "testdata/h264_aac.mp4");
        assertThat(dump.exit()).isZero();
        assertThat(dump.out()).isEqualTo(inspect.out());
    }

    @Test
    void inspectPassthroughNamesTracksM4s() {
        Run r = run("inspect", "--passthrough", "testdata/h264_aac.mp4");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"kind\": \"cmaf\"", "\"timescale\": 15360", "\"trackId\": 1", "0.m4s", "1.m4s");
    }

    @Test
    void stdinIsReadWhenTheInputIsADash() throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of("testdata/vp9_opus.mp4"));
        Run fromStdin = run(new ByteArrayInputStream(bytes), "inspect", "-");
        Run fromFile = run("inspect", "testdata/vp9_opus.mp4");
        assertThat(fromStdin.exit()).isZero();
        assertThat(fromStdin.out()).isEqualTo(fromFile.out());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dumpWritesEveryFrameOfEveryTrack(boolean passthrough, @TempDir Path dir) throws Exception {
        Fixture fixture = Fixture.load("h264_aac_separate_moof");
        Run r = passthrough
            ? run("dump", "--passthrough", "testdata/h264_aac_separate_moof.mp4", dir.toString())
            : run("dump", "testdata/h264_aac_separate_moof.mp4", dir.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("track ");
        try (Imports.Result expected = Imports.whole(fixture.bytes, Fmp4Config.defaults().withPassthrough(passthrough))) {
            Map<String, List<List<byte[]>>> frames = expected.allFrames();
            assertThat(frames).containsKeys("catalog.json", "catalog");
            try (var listing = Files.list(dir)) {
                assertThat(listing.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactlyElementsOf(frames.keySet().stream().sorted().toList());
            }
            for (var track : frames.entrySet()) {
                List<List<byte[]>> groups = track.getValue();
                try (var listing = Files.list(dir.resolve(track.getKey()))) {
                    assertThat(listing.count()).isEqualTo(groups.size());
                }
                for (int g = 0; g < groups.size(); g++) {
                    for (int f = 0; f < groups.get(g).size(); f++) {
                        Path file = dir.resolve(track.getKey()).resolve(Integer.toString(g)).resolve(Integer.toString(f));
                        assertThat(Files.readAllBytes(file)).as(file.toString()).isEqualTo(groups.get(g).get(f));
                    }
                    try (var listing = Files.list(dir.resolve(track.getKey()).resolve(Integer.toString(g)))) {
                        assertThat(listing.count()).isEqualTo(groups.get(g).size());
                    }
                }
            }
        }
    }

    @Test
    void badInputIsOneErrorLineWithTheOffsetAndExitCodeOne(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of("testdata/h264_aac.mp4"));
        Path truncated = dir.resolve("truncated.mp4");
        Files.write(truncated, Arrays.copyOf(bytes, 5000));
        Run r = run("inspect", truncated.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).matches("error: .+ at byte \\d+\\R");
        assertThat(r.err()).contains("input ended inside an mdat", "bytes short", "at byte ");
    }

    @Test
    void randomBytesAreRejectedWithoutAStackTrace() {
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        Run r = run(new ByteArrayInputStream(junk), "inspect", "-");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("error: ").doesNotContain("Exception", "\tat ");
    }

    @Test
    void missingFileIsExitCodeOne() {
        Run r = run("inspect", "testdata/does-not-exist.mp4");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("does-not-exist.mp4");
    }

    @Test
    void benchLatencyComparesProgressiveWithWholeMdat() throws Exception {
        Run r = run("bench", "latency", "--speed", "40", "testdata/h264_aac.mp4");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var progressive = json.readTree(lines.get(0));
        var wholeMdat = json.readTree(lines.get(1));
        assertThat(progressive.get("mode").asText()).isEqualTo("progressive");
        assertThat(wholeMdat.get("mode").asText()).isEqualTo("whole-mdat");
        assertThat(progressive.get("samples").asLong()).isEqualTo(155);
        assertThat(wholeMdat.get("samples").asLong()).isEqualTo(155);
        for (String field : List.of("sample_latency_us_p50", "sample_latency_us_p99", "fragment_first_frame_us_p50")) {
            assertThat(progressive.get(field).asDouble()).as(field).isNotNegative();
        }
        assertThat(run("bench", "latency", "--speed").exit()).isEqualTo(2);
        assertThat(run("bench", "latency").exit()).isEqualTo(2);
    }

    @Test
    void usageErrorsAreExitCodeTwo() {
        assertThat(run().exit()).isEqualTo(2);
        assertThat(run("transcode", "x").exit()).isEqualTo(2);
        assertThat(run("inspect").exit()).isEqualTo(2);
        assertThat(run("dump", "testdata/h264_aac.mp4").exit()).isEqualTo(2);
        Run unknownOption = run("inspect", "--fast", "testdata/h264_aac.mp4");
        assertThat(unknownOption.exit()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("--fast", "--help");
    }

    @Test
    void helpDocumentsEveryCommandOptionAndExitCode() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("inspect", "dump", "--passthrough", "--json", "--verbose", "standard input",
            "Examples:", "Exit codes:", "0 success", "1 the input could not be imported", "2 wrong command line");
    }
}
