package io.github.moqmux.bench;

import io.github.moqmux.container.LegacyFrame;
import io.github.moqmux.lite.DiscardingBroadcast;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The legacy frame encoder: one frame = varint timestamp header + a retained slice of the input,
 * into a discarding group. {@code write} is the library's {@link LegacyFrame#write};
 * {@code writeWithAllocatedHeader} is the earlier encoding (a new header buffer from the
 * payload's allocator per frame), kept here so both are compared in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LegacyFrameBench {
    private ByteBuf input;
    private GroupProducer group;
    private long timestamp;
    private int offset;

    @Setup
    public void setUp() {
        input = Unpooled.wrappedBuffer(new byte[1 << 20]);
        TrackProducer track = new DiscardingBroadcast().createTrack(new Track("0.hang", 0));
        group = track.appendGroup();
    }

    @TearDown
    public void tearDown() {
        input.release();
    }

    private ByteBuf nextPayload() {
        offset = (offset + 1021) & ((1 << 19) - 1);
        timestamp = (timestamp + 33_333) & ((1L << 30) - 1);
        return input.retainedSlice(offset, 2000);
    }

    @Benchmark
    public void write() {
        ByteBuf payload = nextPayload();
        LegacyFrame.write(group, timestamp, payload);
    }

    @Benchmark
    public void writeWithAllocatedHeader() {
        ByteBuf payload = nextPayload();
        ByteBuf header = LegacyFrame.encodeHeader(UnpooledByteBufAllocator.DEFAULT, timestamp);
        FrameProducer frame = group.createFrame(header.readableBytes() + (long) payload.readableBytes());
        frame.write(header);
        frame.write(payload);
        frame.finish();
    }
}
