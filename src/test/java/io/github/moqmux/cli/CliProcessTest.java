package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link Main#main} in its own JVM, as {@code java -jar} does, to check what only a real CLI
 * process shows: the CLI's own SLF4J provider is selected (even though slf4j-simple is on the
 * test classpath) and warnings and the error share stderr as documented.
 */
class CliProcessTest {
    record Result(int exit, String out, List<String> err) {
    }

    static Result cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                process.getErrorStream().transferTo(err);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        errReader.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        errReader.join();
        return new Result(process.exitValue(), out, err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /** h264_aac_every_frame (one sample per fragment) without its first five video samples. */
    static byte[] joinedLate() throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of("testdata/h264_aac_every_frame.mp4"));
        List<int[]> boxes = new ArrayList<>();   // {offset, end, type}
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        for (int at = 0; at < bytes.length; ) {
            int size = buf.getInt(at);
            boxes.add(new int[] {at, at + size, buf.getInt(at + 4)});
            at += size;
        }
        int moof = 0x6d6f6f66;
        int mdat = 0x6d646174;
        int firstMoof = boxes.stream().filter(b -> b[2] == moof).findFirst().orElseThrow()[0];
        int cut = boxes.stream().filter(b -> b[2] == mdat).skip(9).findFirst().orElseThrow()[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, firstMoof);
        out.write(bytes, cut, bytes.length - cut);
        return out.toByteArray();
    }

    @Test
    void aCleanImportLeavesStderrEmpty() throws Exception {
        Result r = cli("inspect", "testdata/h264_aac.mp4");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("0.hang     video avc1.64000d");
    }

    @Test
    void warningsArePrintedAsWarningLinesByTheCliProvider(@TempDir Path dir) throws Exception {
        Path late = dir.resolve("late.mp4");
        Files.write(late, joinedLate());
        Result r = cli("inspect", late.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isNotEmpty().allSatisfy(line ->
            assertThat(line).matches("warning: track 0\\.hang: dropped \\d+ sample\\(s\\) before the first keyframe"));
    }

    @Test
    void warningsMayPrecedeTheOneErrorLineOfABadInput(@TempDir Path dir) throws Exception {
        byte[] late = joinedLate();
        Path truncated = dir.resolve("late-truncated.mp4");
        Files.write(truncated, Arrays.copyOf(late, late.length * 3 / 4));   // inside a moof or mdat
        Result r = cli("inspect", truncated.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        List<String> err = r.err();
        assertThat(err.get(err.size() - 1)).matches("error: input ended inside an mdat, \\d+ bytes short at byte \\d+");
        assertThat(err.subList(0, err.size() - 1)).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("warning: "));
    }

    @Test
    void verboseAddsTheLibrarysInfoAndDebugLines() throws Exception {
        Result r = cli("inspect", "--verbose", "testdata/h264_aac.mp4");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains(
            "info: [CatalogProducer] catalog #1: 1 video and 1 audio rendition(s)",
            "info: [CatalogProducer] catalog #2: 1 video and 1 audio rendition(s)");
        assertThat(r.err()).allSatisfy(line -> assertThat(line).matches("(info|debug): \\[(CatalogProducer|Fmp4Importer)] .+"));
        assertThat(r.err()).noneMatch(line -> line.contains("netty"));
    }
}
