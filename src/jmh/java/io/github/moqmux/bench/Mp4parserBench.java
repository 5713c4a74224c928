package io.github.moqmux.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mp4parser.IsoFile;
import org.mp4parser.PropertyBoxParserImpl;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.muxer.InMemRandomAccessSourceImpl;
import org.mp4parser.muxer.Mp4TrackImpl;
import org.mp4parser.muxer.Sample;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The comparison: mp4parser ({@code org.mp4parser:isoparser} + {@code muxer}), the usual Java
 * choice, parses the same in-memory file and visits every sample through its Track API
 * ({@link Mp4TrackImpl#getSamples()}, each sample's size). The {@code mdat} boxes are skipped by
 * its box parser (otherwise mp4parser copies them to temporary files) and no sample bytes are
 * read, which is the least work it can do for the same result.
 *
 * <p>With one sample per fragment mp4parser needs seconds per file, so an iteration is one
 * file and there are fewer of them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class Mp4parserBench {
    @Param({"gop", "every_frame"})
    public String layout;

    private byte[] bytes;
    private Path path;

    @Setup
    public void load() {
        bytes = Inputs.bytes(layout);
        path = Inputs.path(layout);
    }

    @Benchmark
    public void parseAndVisitSamples(SampleCounter counter, Blackhole bh) throws IOException {
        long samples = 0;
        try (IsoFile iso = new IsoFile(FileChannel.open(path),
                new PropertyBoxParserImpl().skippingBoxes("mdat"))) {
            InMemRandomAccessSourceImpl source = new InMemRandomAccessSourceImpl(bytes);
            for (TrackBox trak : iso.getMovieBox().getBoxes(TrackBox.class)) {
                try (Mp4TrackImpl track = new Mp4TrackImpl(trak.getTrackHeaderBox().getTrackId(), iso, source,
                        "bench")) {
                    List<Sample> list = track.getSamples();
                    int n = list.size();
                    long bytesTotal = 0;
                    for (int i = 0; i < n; i++) {
                        bytesTotal += list.get(i).getSize();
                    }
                    bh.consume(bytesTotal);
                    samples += n;
                }
            }
        }
        counter.samples += samples;
    }
}
