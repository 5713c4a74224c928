package io.github.moqmux.bench;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.fmp4.TrackStats;
import io.github.moqmux.lite.DiscardingBroadcast;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole importer over an in-memory file, into a {@link DiscardingBroadcast}, with a fresh
 * importer and catalog per operation (what {@code moq-mux bench} measures).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ImporterBench {
    @Param({"gop", "every_frame"})
    public String layout;

    @Param({"legacy", "cmaf"})
    public String container;

    private ByteBuf input;
    private Fmp4Config config;

    @Setup
    public void load() {
        input = Inputs.buffer(layout);
        config = Fmp4Config.defaults().withPassthrough(container.equals("cmaf"));
    }

    @TearDown
    public void free() {
        input.release();
    }

    @Benchmark
    public long importFile(SampleCounter counter) {
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        long samples = 0;
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, config)) {
            importer.decode(input.duplicate());
            importer.finish();
            for (TrackStats t : importer.tracks()) {
                samples += t.samples() + t.droppedSamples();
            }
        }
        counter.samples += samples;
        return broadcast.totalBytes();
    }
}
