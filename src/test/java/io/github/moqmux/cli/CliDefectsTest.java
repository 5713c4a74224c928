package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.fmp4.DefectInputs;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12 for the CLI: the reproducers of {@link DefectInputs} given to {@code inspect} as a
 * file and on stdin, in both containers, give exactly one line {@code error: … at byte N} on
 * stderr with the offset the library reports, no stack trace, no Java exception name, and exit
 * code 1 — never a clean exit for garbage (defect 12) and never an internal error (defects 1, 2).
 */
class CliDefectsTest {
    static byte[] input(String name) {
        return switch (name) {
            case "free-of-long-max-value" -> DefectInputs.freeOfLongMaxValue();
            case "mdat-near-long-max-value" -> DefectInputs.mdatNearLongMaxValue();
            case "zeroed-header" -> DefectInputs.zeroedHeaderAfterAFragment();
            case "garbage-after-init" -> DefectInputs.garbageAfterInit();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The offset the library must report for each input (see {@code fmp4.HostileInputDefectsTest}). */
    static long expectedOffset(String name) {
        byte[] bytes = input(name);
        return switch (name) {
            case "free-of-long-max-value", "mdat-near-long-max-value" -> bytes.length;
            case "zeroed-header" -> DefectInputs.FIRST_FRAGMENT.length;
            case "garbage-after-init" -> 1221;
            default -> throw new IllegalArgumentException(name);
        };
    }

    static void assertOneErrorLine(MainTest.Run r, long offset) {
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).matches("error: .+ at byte " + offset + "\\R")
            .doesNotContain("Exception", "\tat ", "import failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"free-of-long-max-value", "mdat-near-long-max-value", "zeroed-header",
        "garbage-after-init"})
    void aFileIsOneErrorLineWithItsOffset(String name, @TempDir Path dir) throws Exception {
        Path file = dir.resolve(name + ".mp4");
        Files.write(file, input(name));
        for (String[] args : new String[][] {{"inspect", file.toString()}, {"inspect", "--passthrough", file.toString()}}) {
            assertOneErrorLine(MainTest.run(args), expectedOffset(name));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"free-of-long-max-value", "mdat-near-long-max-value", "zeroed-header",
        "garbage-after-init"})
    void stdinIsOneErrorLineWithItsOffset(String name) {
        for (String[] args : new String[][] {{"inspect", "-"}, {"inspect", "--passthrough", "-"}}) {
            assertOneErrorLine(MainTest.run(new ByteArrayInputStream(input(name)), args), expectedOffset(name));
        }
    }

    /** Defect 1 as the user saw it: a real process printing a stack trace for a 44-byte file. */
    @Test
    void theProcessPrintsNoStackTraceFor44Bytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("free.mp4");
        Files.write(file, DefectInputs.freeOfLongMaxValue());
        CliProcessTest.Result r = CliProcessTest.cli("inspect", file.toString());
        assertThat(r.exit()).as(String.join("\n", r.err())).isEqualTo(1);
        assertThat(r.err()).as(String.join("\n", r.err())).hasSize(1);
        assertThat(r.err().get(0)).isEqualTo(r.err().get(0).strip()).startsWith("error: ").endsWith(" at byte 44")
            .doesNotContain("Exception");
    }
}
