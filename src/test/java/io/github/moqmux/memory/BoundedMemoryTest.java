package io.github.moqmux.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4, bounded memory: a 1 GiB stream, generated lazily and fed in 64 KiB pieces, imports in a
 * child JVM limited to a 64 MiB heap, and the bytes the importer leaves unconsumed (what a caller
 * must keep buffered) never exceed the largest fragment. Nothing is timed.
 */
class BoundedMemoryTest {
    static final long ONE_GIB = 1L << 30;

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "cmaf"})
    void oneGibibyteImportsWithA64MiBHeap(String container) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
            "-Dio.netty.leakDetection.level=paranoid", "-Dslf4j.internal.verbosity=ERROR",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp", System.getProperty("java.class.path"), BoundedMemoryMain.class.getName(),
            "testdata/h264_aac.mp4", Long.toString(ONE_GIB), container))
            .redirectErrorStream(true)
            .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("LEAK");

        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        Map<String, Long> stats = new HashMap<>();
        for (String field : last.split(" ")) {
            String[] kv = field.split("=");
            stats.put(kv[0], Long.parseLong(kv[1]));
        }
        assertThat(stats.get("fed")).isGreaterThanOrEqualTo(ONE_GIB);
        assertThat(stats.get("imported")).as("every sample published").isEqualTo(stats.get("samples"));
        long largest = stats.get("largestFragment");
        assertThat(stats.get("maxUnread")).as("bytes left buffered for the importer").isLessThanOrEqualTo(largest);
        assertThat(stats.get("maxCapacity")).isLessThanOrEqualTo(2 * largest + 2L * BoundedMemoryMain.PIECE);
    }
}
