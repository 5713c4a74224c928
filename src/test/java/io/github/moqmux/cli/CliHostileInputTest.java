package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 5's acceptance for the CLI: whatever hostile input {@code inspect} gets (both containers),
 * it prints exactly one line {@code error: … at byte N} on stderr, no stack trace and no Java
 * exception name, nothing on stdout, and exits with 1. Inputs are patched from
 * {@code testdata/h264_aac.mp4} (moov@28, moof@1221, trun@1301, mdat@2001).
 */
class CliHostileInputTest {
    private static final int MOOF = 1221;

    static byte[] hostile(String name) throws IOException {
        byte[] f = Files.readAllBytes(Path.of("testdata/h264_aac.mp4"));
        switch (name) {
            case "4gb-moof" -> {
                byte[] b = Arrays.copyOf(f, MOOF + 16);
                put(b, MOOF, 1);
                put(b, MOOF + 8, 1);
                put(b, MOOF + 12, 0);
                return b;
            }
            case "trun-count-all-ones" -> {
                put(f, 1301 + 12, 0xFFFFFFFFL);
                return f;
            }
            case "moof-size-zero" -> {
                put(f, MOOF, 0);
                return f;
            }
            case "sample-outside-mdat" -> {
                put(f, 1301 + 16, 0);
                return f;
            }
            case "duplicate-track-id" -> {
                int secondTkhd = indexOf(f, "tkhd", indexOf(f, "tkhd", 0) + 4);
                put(f, secondTkhd + 4 + 12, 1);
                return f;
            }
            case "random-after-init" -> {
                byte[] b = Arrays.copyOf(f, MOOF + 3000);
                byte[] junk = new byte[3000];
                new Random(11).nextBytes(junk);
                System.arraycopy(junk, 0, b, MOOF, junk.length);
                return b;
            }
            case "video-height-zero" -> {
                int avc1 = indexOf(f, "avc1", 0) - 4;
                f[avc1 + 8 + 26] = 0;
                f[avc1 + 8 + 27] = 0;
                return f;
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    private static int indexOf(byte[] f, String type, int from) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = from; i + 4 <= f.length; i++) {
            if (f[i] == t[0] && f[i + 1] == t[1] && f[i + 2] == t[2] && f[i + 3] == t[3]) {
                return i;
            }
        }
        throw new AssertionError("no " + type);
    }

    private static void put(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"4gb-moof", "trun-count-all-ones", "moof-size-zero", "sample-outside-mdat",
        "duplicate-track-id", "random-after-init"})
    void hostileInputIsOneErrorLineWithItsOffset(String name) throws IOException {
        for (String[] args : new String[][] {{"inspect", "-"}, {"inspect", "--passthrough", "-"}}) {
            MainTest.Run r = MainTest.run(new ByteArrayInputStream(hostile(name)), args);
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
            assertThat(r.err()).matches("error: .+ at byte \\d+\\R").doesNotContain("Exception", "\tat ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"video-height-zero"})
    void anEntryWithZeroHeightIsOneCleanErrorLine(String name) throws IOException {
        hostileInputIsOneErrorLineWithItsOffset(name);
    }
}
