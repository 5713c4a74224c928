package io.github.moqmux.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupConsumer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyFrameTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** The start of an H.264 sample as stored in mdat: a 4-byte length, then an IDR NAL header. */
    private static final String SAMPLE = "0000000565888480ff";

    @Test
    void headerIsTheTimestampVarint() {
        assertThat(drainHex(LegacyFrame.encodeHeader(Bufs.ALLOC, 0))).isEqualTo("00");
        assertThat(drainHex(LegacyFrame.encodeHeader(Bufs.ALLOC, 33_333))).isEqualTo("80008235");
        // 1 s = 1 000 000 µs = 0x0F4240 → 4-byte form.
        assertThat(drainHex(LegacyFrame.encodeHeader(Bufs.ALLOC, 1_000_000))).isEqualTo("800f4240");
        // 2^30 µs needs the 8-byte form.
        assertThat(drainHex(LegacyFrame.encodeHeader(Bufs.ALLOC, 1L << 30))).isEqualTo("c000000040000000");
    }

    @Test
    void headerRejectsNegativeTimestamps() {
        assertThatThrownBy(() -> LegacyFrame.encodeHeader(Bufs.ALLOC, -1))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.BAD_TIMESTAMP));
    }

    @Test
    void headerRejectsTimestampsBeyondTheVarintRangeAsBadTimestamps() {
        assertThatThrownBy(() -> LegacyFrame.encodeHeader(Bufs.ALLOC, VarInt.MAX + 1))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.BAD_TIMESTAMP));
        assertThat(drainHex(LegacyFrame.encodeHeader(Bufs.ALLOC, VarInt.MAX))).isEqualTo("ffffffffffffffff");
    }

    @Test
    void writeProducesOneFrameOfHeaderThenPayloadAndDecodeReadsItBack() throws Exception {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            TrackProducer track = broadcast.uniqueTrack(".hang");
            GroupProducer group = track.appendGroup();
            LegacyFrame.write(group, 15_293, Bufs.ofHex(SAMPLE));
            LegacyFrame.write(group, 37, Bufs.ofHex("ff"));
            group.finish();
            track.finish();

            List<List<byte[]>> frames = broadcast.frames("0.hang");
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0)).extracting(b -> HexFormat.of().formatHex(b))
                    .containsExactly("7bbd" + SAMPLE, "25ff");

            GroupConsumer consumer = broadcast.subscribe("0.hang").nextGroup(WAIT);
            ByteBuf first = consumer.nextFrame(WAIT);
            try (LegacyFrame decoded = LegacyFrame.decode(first)) {
                assertThat(decoded.timestampMicros()).isEqualTo(15_293);
                assertThat(ByteBufUtil.hexDump(decoded.payload())).isEqualTo(SAMPLE);
            } finally {
                first.release();
            }
        }
    }

    @Test
    void writeHandsThePayloadBufferItselfOnWithoutCopying() {
        RecordingGroup group = new RecordingGroup();
        ByteBuf payload = Bufs.ofHex(SAMPLE);

        LegacyFrame.write(group, 64, payload);

        assertThat(group.size).isEqualTo(2 + 9);
        assertThat(group.chunks).hasSize(2);
        assertThat(ByteBufUtil.hexDump(group.chunks.get(0))).isEqualTo("4040");
        assertThat(group.chunks.get(1)).isSameAs(payload);
        assertThat(group.finished).isTrue();
        group.chunks.forEach(ByteBuf::release);
    }

    @Test
    void payloadIsReleasedWhenTheTimestampIsOutOfRange() {
        RecordingGroup group = new RecordingGroup();
        ByteBuf payload = Bufs.ofHex(SAMPLE);

        assertThatThrownBy(() -> LegacyFrame.write(group, VarInt.MAX + 1, payload))
                .isInstanceOf(MoqMuxException.class);

        assertThat(payload.refCnt()).isZero();
        assertThat(group.size).as("no frame created").isEqualTo(-1);
    }

    @Test
    void payloadIsReleasedWhenTheGroupRefusesTheFrame() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
            group.finish();
            ByteBuf payload = Bufs.ofHex(SAMPLE);

            assertThatThrownBy(() -> LegacyFrame.write(group, 0, payload))
                    .isInstanceOfSatisfying(MoqMuxException.class,
                            e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.ILLEGAL_STATE));

            assertThat(payload.refCnt()).isZero();
        }
    }

    @Test
    void payloadIsReleasedAndTheFrameAbortedWhenTheHeaderWriteFails() {
        RecordingGroup group = new RecordingGroup();
        group.failOnWrite = true;
        ByteBuf payload = Bufs.ofHex(SAMPLE);

        assertThatThrownBy(() -> LegacyFrame.write(group, 0, payload)).hasMessage("refused");

        assertThat(payload.refCnt()).isZero();
        assertThat(group.aborted).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void decodeTakesARetainedSliceAndLeavesTheFrameToTheCaller() {
        ByteBuf frame = Bufs.ofHex("9d7f3e7d" + SAMPLE);

        LegacyFrame decoded = LegacyFrame.decode(frame);

        assertThat(decoded.timestampMicros()).isEqualTo(494_878_333);
        assertThat(ByteBufUtil.hexDump(decoded.payload())).isEqualTo(SAMPLE);
        assertThat(frame.isReadable()).as("frame consumed").isFalse();
        assertThat(frame.refCnt()).as("shared memory, one reference each").isEqualTo(2);
        decoded.close();
        assertThat(frame.refCnt()).isEqualTo(1);
        frame.release();
    }

    @Test
    void decodeOfAnEmptyPayloadGivesAnEmptyBuffer() {
        ByteBuf frame = Bufs.ofHex("25");
        try (LegacyFrame decoded = LegacyFrame.decode(frame)) {
            assertThat(decoded.timestampMicros()).isEqualTo(37);
            assertThat(decoded.payload().readableBytes()).isZero();
        } finally {
            frame.release();
        }
    }

    @Test
    void decodeOfATruncatedTimestampFailsWithoutRetaining() {
        ByteBuf frame = Bufs.ofHex("c2197c");
        try {
            assertThatThrownBy(() -> LegacyFrame.decode(frame))
                    .isInstanceOfSatisfying(MoqMuxException.class,
                            e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.TRUNCATED));
            assertThat(frame.readerIndex()).isZero();
            assertThat(frame.refCnt()).isEqualTo(1);
        } finally {
            frame.release();
        }
    }

    private static String drainHex(ByteBuf buf) {
        try {
            return ByteBufUtil.hexDump(buf);
        } finally {
            buf.release();
        }
    }

    /** Captures what LegacyFrame hands to a group; the test releases the captured chunks. */
    private static final class RecordingGroup implements GroupProducer {
        final List<ByteBuf> chunks = new ArrayList<>();
        long size = -1;
        boolean finished;
        boolean failOnWrite;
        Throwable aborted;

        @Override
        public long sequence() {
            return 0;
        }

        @Override
        public FrameProducer createFrame(long frameSize) {
            size = frameSize;
            return new FrameProducer() {
                @Override
                public long size() {
                    return frameSize;
                }

                @Override
                public void write(ByteBuf chunk) {
                    if (failOnWrite) {
                        chunk.release();
                        throw new IllegalStateException("refused");
                    }
                    chunks.add(chunk);
                }

                @Override
                public void finish() {
                    finished = true;
                }

                @Override
                public void abort(Throwable cause) {
                    aborted = cause;
                }
            };
        }

        @Override
        public void finish() {
        }

        @Override
        public void abort(Throwable cause) {
        }
    }
}
