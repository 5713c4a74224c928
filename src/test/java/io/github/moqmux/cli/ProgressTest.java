package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.DiscardingBroadcast;
import io.github.moqmux.lite.TrackProducer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final Progress progress = new Progress(err, clock::get);

    private String err() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nothingIsShownDuringTheFirstSecond() throws Exception {
        InputStream in = progress.count(new ByteArrayInputStream(new byte[4096]));
        clock.addAndGet(999_000_000L);
        assertThat(in.readAllBytes()).hasSize(4096);
        progress.erase();
        assertThat(err()).isEmpty();
    }

    @Test
    void theLineShowsBytesRateTracksAndGroupsAndIsRedrawnAtMostEvery250Ms() throws Exception {
        BroadcastProducer broadcast = progress.count(new DiscardingBroadcast());
        new CatalogProducer(broadcast).close();           // catalog tracks are not counted
        TrackProducer video = broadcast.uniqueTrack(".hang");
        video.appendGroup().finish();
        video.appendGroup().finish();

        clock.addAndGet(2_000_000_000L);
        progress.read(3 * 1024 * 1024);
        assertThat(err()).isEqualTo("\r3.0 MiB read, 1.5 MiB/s, 1 track, 2 groups");

        clock.addAndGet(100_000_000L);
        progress.read(1024);
        assertThat(err()).isEqualTo("\r3.0 MiB read, 1.5 MiB/s, 1 track, 2 groups");

        clock.addAndGet(150_000_000L);
        progress.read(1024);
        // Redrawn in place; a shorter line is padded over the longer one.
        assertThat(err()).isEqualTo("\r3.0 MiB read, 1.5 MiB/s, 1 track, 2 groups"
            + "\r3.0 MiB read, 1.3 MiB/s, 1 track, 2 groups");

        bytes.reset();
        progress.erase();
        assertThat(err()).isEqualTo("\r" + " ".repeat("3.0 MiB read, 1.3 MiB/s, 1 track, 2 groups".length()) + "\r");
        bytes.reset();
        progress.erase();
        assertThat(err()).isEmpty();
    }

    @Test
    void aLogLineErasesTheProgressLineFirst() {
        CliLogging.configure(err, false);
        CliLogging.progress(progress);
        try {
            clock.addAndGet(1_000_000_000L);
            progress.read(10);
            assertThat(err()).isEqualTo("\r10 B read, 10 B/s, 0 tracks, 0 groups");
            bytes.reset();
            CliLogging.print("warning: something");
            assertThat(err()).isEqualTo("\r" + " ".repeat("10 B read, 10 B/s, 0 tracks, 0 groups".length()) + "\r"
                + "warning: something" + System.lineSeparator());
        } finally {
            CliLogging.progress(null);
            CliLogging.configure(System.err, false);
        }
    }
}
