package io.github.moqmux.bench;

import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Moof;
import io.github.moqmux.mp4.Mp4Parser;
import io.github.moqmux.mp4.Traf;
import io.github.moqmux.mp4.Trun;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The box reader alone: walks the top-level boxes of a whole file with {@link BoxHeaderReader}
 * and parses every {@code moof} with {@link Mp4Parser#parseMoof} (mdat payloads are not read).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BoxReaderBench {
    @Param({"gop", "every_frame"})
    public String layout;

    private ByteBuf input;

    @Setup
    public void load() {
        input = Inputs.buffer(layout);
    }

    @TearDown
    public void free() {
        input.release();
    }

    @Benchmark
    public void readBoxes(SampleCounter counter, Blackhole bh) {
        ByteBuf buf = input.duplicate();
        int index = 0;
        int end = buf.writerIndex();
        long samples = 0;
        while (index < end) {
            BoxHeader header = BoxHeaderReader.read(buf, index, index);
            if (header.type() == FourCC.MOOF) {
                buf.readerIndex(index);
                Moof moof = Mp4Parser.parseMoof(buf, index);
                for (Traf traf : moof.trafs()) {
                    for (Trun trun : traf.truns()) {
                        samples += trun.sampleCount();
                    }
                }
                bh.consume(moof);
            }
            index += (int) header.size();
        }
        counter.samples += samples;
    }
}
