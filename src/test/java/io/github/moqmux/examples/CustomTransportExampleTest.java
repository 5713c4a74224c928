package io.github.moqmux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.examples.QueueBroadcast.Event;
import io.github.moqmux.fixtures.Fixture;
import io.github.moqmux.fixtures.Imports;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link QueueBroadcast}, a user-written transport, carries exactly what the importer publishes. */
class CustomTransportExampleTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyFrameReachesTheQueueInOrderWithItsGroupAndTrack(boolean passthrough) throws Exception {
        Fixture fixture = Fixture.load("h264x2_aac");
        Fmp4Config config = Fmp4Config.defaults().withPassthrough(passthrough);
        // A small queue, drained by another thread: the importer waits for the "network".
        BlockingQueue<Event> queue = new ArrayBlockingQueue<>(8);
        CompletableFuture<List<Event>> sent = CompletableFuture.supplyAsync(() -> drain(queue));

        QueueBroadcast transport = new QueueBroadcast(queue);
        try (CatalogProducer catalog = new CatalogProducer(transport);
             Fmp4Importer importer = new Fmp4Importer(transport, catalog, config)) {
            importer.decodeFrom(new ByteArrayInputStream(fixture.bytes));
            importer.finish();
        }
        queue.put(new Event(Event.Type.TRACK_END, "", -1, -1, null));   // end of the test's stream
        List<Event> events = sent.get(30, TimeUnit.SECONDS);

        try (Imports.Result expected = Imports.whole(fixture.bytes, config)) {
            Map<String, List<List<byte[]>>> frames = new LinkedHashMap<>();
            for (Event e : events) {
                if (e.type() == Event.Type.FRAME) {
                    List<List<byte[]>> groups = frames.computeIfAbsent(e.track(), t -> new ArrayList<>());
                    assertThat(e.group()).as("groups arrive in order").isBetween(groups.size() - 1L, (long) groups.size());
                    if (e.group() == groups.size()) {
                        groups.add(new ArrayList<>());
                    }
                    assertThat(e.frame()).isEqualTo(groups.get((int) e.group()).size());
                    groups.get((int) e.group()).add(e.payload());
                }
            }
            Map<String, List<List<byte[]>>> want = expected.allFrames();
            assertThat(frames.keySet()).containsExactlyInAnyOrderElementsOf(want.keySet());
            for (var track : want.entrySet()) {
                List<List<byte[]>> got = frames.get(track.getKey());
                assertThat(got).hasSameSizeAs(track.getValue());
                for (int g = 0; g < got.size(); g++) {
                    assertThat(got.get(g)).as(track.getKey() + " group " + g)
                        .usingElementComparator(java.util.Arrays::compare)
                        .containsExactlyElementsOf(track.getValue().get(g));
                }
            }
            // Every group and every track was ended normally.
            long groupEnds = events.stream().filter(e -> e.type() == Event.Type.GROUP_END).count();
            assertThat(groupEnds).isEqualTo(want.values().stream().mapToLong(List::size).sum());
            assertThat(events.stream().filter(e -> e.type() == Event.Type.TRACK_END).map(Event::track))
                .containsExactlyInAnyOrderElementsOf(want.keySet());
            assertThat(events).noneMatch(e -> e.type() == Event.Type.TRACK_ABORT);
        }
    }

    /** The sender thread: takes events until the test's end marker. */
    private static List<Event> drain(BlockingQueue<Event> queue) {
        List<Event> events = new ArrayList<>();
        try {
            while (true) {
                Event e = queue.take();
                if (e.track().isEmpty()) {
                    return events;
                }
                events.add(e);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
