package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench serve} end to end on a small fixture with two subscribers: frames reach every
 * subscriber of both fan-outs and the JSON line has its fields. Figures are printed, never asserted
 * (speed is measured by running the benchmark, not by tests).
 */
class ServeBenchTest {
    private static final String[] RUN_FIELDS = {"mbps_total", "mbps_per_subscriber", "complete_subscribers",
        "frames_delivered", "latency_ms_p50", "latency_ms_p99", "latency_ms_max", "cpu_process_cores",
        "cpu_server_cores", "cpu_client_cores", "heap_mb_after_gc", "server_us_per_frame", "process_us_per_frame"};

    @Test
    void twoSubscribersGetTheFramesOfBothFanouts() throws Exception {
        MainTest.Run r = MainTest.run("bench", "serve", "--subscribers", "2", "--seconds", "2", "--warmup", "0.5",
            "testdata/h264_aac.mp4");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        List<String> json = r.out().lines().filter(l -> l.startsWith("{")).toList();
        assertThat(json).hasSize(1);
        JsonNode row = new ObjectMapper().readTree(json.get(0));
        assertThat(row.get("subscribers").asInt()).isEqualTo(2);
        assertThat(row.get("container").asText()).isEqualTo("legacy");
        long frames = row.get("frames").asLong();
        // 2 s of a 30 fps video track and a 48 kHz AAC track (~47 frames/s).
        assertThat(frames).isBetween(140L, 170L);
        assertThat(row.get("stream_mbps").asDouble()).isPositive();
        for (String fanout : new String[] {"moq", "raw"}) {
            JsonNode run = row.get(fanout);
            assertThat(run).as(fanout).isNotNull();
            for (String field : RUN_FIELDS) {
                assertThat(run.get(field)).as(fanout + "." + field).isNotNull();
                assertThat(run.get(field).isNumber()).as(fanout + "." + field).isTrue();
            }
            assertThat(run.get("realtime").isBoolean()).as(fanout + ".realtime").isTrue();
            // Every frame of the window reached both subscribers; the draining time allows for a
            // loaded machine, so this is about delivery, not speed.
            assertThat(run.get("frames_delivered").asLong()).as(fanout).isEqualTo(2 * frames);
            assertThat(run.get("complete_subscribers").asInt()).as(fanout).isEqualTo(2);
            assertThat(run.get("mbps_per_subscriber").asDouble()).as(fanout)
                .isEqualTo(row.get("stream_mbps").asDouble(), org.assertj.core.data.Offset.offset(0.01));
            assertThat(run.get("latency_ms_p50").asDouble()).as(fanout).isPositive();
        }
        assertThat(row.get("cost_ratio_server").isNumber()).isTrue();
        assertThat(r.out()).contains("subs fan", "µs/frame");
    }

    @Test
    void wrongCommandLinesAreUsageErrors() {
        assertThat(MainTest.run("bench", "serve").exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(MainTest.run("bench", "serve", "--subscribers", "0", "testdata/h264_aac.mp4").exit())
            .isEqualTo(Main.EXIT_USAGE);
        assertThat(MainTest.run("bench", "serve", "--seconds").exit()).isEqualTo(Main.EXIT_USAGE);
        MainTest.Run notMp4 = MainTest.run("bench", "serve", "testdata/README.md");
        assertThat(notMp4.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(notMp4.err()).startsWith("error: ").doesNotContain("\tat ");
    }
}
