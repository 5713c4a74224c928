package io.github.moqmux.net.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.net.mux.MuxSendStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What one qmux connection puts on the wire, message by message, on an {@link EmbeddedChannel}. */
class WsMuxConnectionTest {
    private static final String PEER_PARAMS = "ff5153300d0a0d0a31"
            + "0104800075300404801000000504800400000604800400000704800400000802406409024064"
            + "c571c59429cd0845027ffe";

    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final WsMuxConnection conn = new WsMuxConnection(ch, Subprotocol.parse("qmux-00.moq-lite-05"),
            true, "/", TransportLimits.DEFAULT);

    {
        // As in a real pipeline: writability changes restart sending.
        ch.pipeline().addLast(new WsChannelHandler(conn));
    }

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
    }

    private static ByteBuf hex(String s) {
        byte[] b = HexFormat.of().parseHex(s.replace(" ", ""));
        return ByteBufAllocator.DEFAULT.buffer(b.length).writeBytes(b);
    }

    private void receive(ByteBuf message) {
        try {
            conn.onMessage(message);
        } finally {
            message.release();
        }
        conn.flushIfNeeded();
    }

    /** Every message written so far, as hex, each checked to hold exactly the frames parsed. */
    private List<ByteBuf> sent() {
        ch.runPendingTasks();
        List<ByteBuf> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            WebSocketFrame f = (WebSocketFrame) o;
            if (f instanceof CloseWebSocketFrame) {
                f.release();
                continue;
            }
            assertThat(f).isInstanceOf(BinaryWebSocketFrame.class);
            out.add(f.content());
        }
        return out;
    }

    private static String hexAndRelease(ByteBuf b) {
        try {
            return ByteBufUtil.hexDump(b);
        } finally {
            b.release();
        }
    }

    /** A STREAM frame as seen on the wire, without its data. */
    private record Seen(long id, long offset, int length, boolean fin) {
    }

    /** Parses one message that must hold one STREAM frame. */
    private static Seen stream(ByteBuf message) throws WsProtocolError {
        List<WsFrame> frames = new ArrayList<>();
        try {
            assertThat(message.readableBytes()).isLessThanOrEqualTo(16384); // @moq/qmux's qmux-00 limit
            QmuxFraming.INSTANCE.decode(message, frames);
        } finally {
            message.release();
        }
        assertThat(frames).hasSize(1);
        WsFrame.Stream s = (WsFrame.Stream) frames.get(0);
        Seen seen = new Seen(s.id(), s.offset(), s.data().readableBytes(), s.fin());
        s.data().release();
        return seen;
    }

    @Test
    void firstMessageIsOurParametersAndStreamsRespectCredit() throws Exception {
        conn.start(30_000);
        List<ByteBuf> first = sent();
        assertThat(first).hasSize(1);
        assertThat(hexAndRelease(first.get(0))).isEqualTo(PEER_PARAMS);

        conn.handler(new Recorder());
        receive(hex(PEER_PARAMS));
        MuxSendStream uni = conn.openUni().join();
        assertThat(uni.id()).isEqualTo(3);
        byte[] data = WsLoopback.bytes(300_000, 5);
        uni.write(WsLoopback.buf(data));
        uni.finish();
        // 256 KiB of stream credit: 16 messages of 16352 bytes and one of 512, no FIN yet.
        long offset = 0;
        List<ByteBuf> msgs = sent();
        for (ByteBuf m : msgs) {
            Seen s = stream(m);
            assertThat(s.id()).isEqualTo(3);
            assertThat(s.offset()).isEqualTo(offset);
            assertThat(s.fin()).isFalse();
            offset += s.length();
        }
        assertThat(msgs).hasSize(17);
        assertThat(offset).isEqualTo(262_144);
        assertThat(uni.queuedBytes()).isEqualTo(300_000 - 262_144);

        // MAX_STREAM_DATA 3 to 400000: the rest goes, the last message with FIN.
        receive(hex("11 03 80 06 1a 80"));
        msgs = sent();
        assertThat(msgs).hasSize(3);
        assertThat(List.of(stream(msgs.get(0)), stream(msgs.get(1)), stream(msgs.get(2)))).containsExactly(
                new Seen(3, 262_144, 16_352, false),
                new Seen(3, 262_144 + 16_352, 16_352, false),
                new Seen(3, 262_144 + 2 * 16_352, 300_000 - 262_144 - 2 * 16_352, true));
        assertThat(uni.queuedBytes()).isZero();
        assertThat(uni.done()).isCompleted();
    }

    @Test
    void consumingGivesCreditBackAtHalfAWindow() {
        conn.start(30_000);
        sent().forEach(ByteBuf::release);
        conn.handler(new Recorder());
        receive(hex(PEER_PARAMS));
        // The peer's uni stream 2: 200000 bytes in one frame (OFF|LEN), consumed by the reader.
        ByteBuf frame = QmuxFraming.INSTANCE.streamHeader(ByteBufAllocator.DEFAULT, 2, 0, 200_000, false);
        receive(frame.writeZero(200_000));
        List<ByteBuf> msgs = sent();
        assertThat(msgs).hasSize(1);
        // MAX_STREAM_DATA id 2, 200000 + 262144 = 462144 (0x70d40); the connection window
        // (1 MiB, 200000 used) is still more than half open, so no MAX_DATA.
        assertThat(hexAndRelease(msgs.get(0))).isEqualTo("110280070d40");
    }

    @Test
    void nothingButParametersMayComeFirst() {
        conn.start(30_000);
        sent().forEach(ByteBuf::release);
        conn.handler(new Recorder());
        receive(hex("0e 02 00 01 01"));
        List<ByteBuf> msgs = sent();
        // CONNECTION_CLOSE, PROTOCOL_VIOLATION (0xa), frame type 0, reason.
        assertThat(hexAndRelease(msgs.get(0))).startsWith("1c0a00");
        assertThat(conn.closeFuture().join().code()).isEqualTo(WsProtocolError.PROTOCOL_VIOLATION);
    }

    @Test
    void streamFramesWithoutAnOffsetContinueTheStream() throws Exception {
        // @moq/qmux 0.0.6 (@moq/lite 0.2.2) never sets OFF: over an ordered WebSocket the data follows on.
        conn.start(30_000);
        sent().forEach(ByteBuf::release);
        Recorder r = new Recorder();
        conn.handler(r);
        receive(hex(PEER_PARAMS));
        receive(hex("0a 02 03 aabbcc"));   // STREAM|LEN, stream 2, no offset
        receive(hex("0b 02 02 ddee"));     // STREAM|LEN|FIN, no offset: continues at 3
        Recorder.Accepted a = r.accepted.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(a.reader().done.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(HexFormat.of().parseHex("aabbccddee"));
        assertThat(conn.closeFuture()).isNotDone();
        // An explicit offset is still checked: stream 6 at offset 5 before any data is a violation.
        receive(hex("0e 06 05 01 ff"));
        assertThat(conn.closeFuture().join().code()).isEqualTo(WsProtocolError.PROTOCOL_VIOLATION);
        sent().forEach(ByteBuf::release);
    }

    @Test
    void creditInTheFrameThatOpensAPeerStreamIsApplied() throws Exception {
        // QUIC (RFC 9000 §19.10): MAX_STREAM_DATA may be the first frame of a peer's bidi stream;
        // it opens the stream and its maximum holds for our send half.
        conn.start(30_000);
        sent().forEach(ByteBuf::release);
        Recorder r = new Recorder();
        conn.handler(r);
        receive(hex(PEER_PARAMS));
        receive(hex("11 00 80 06 1a 80"));   // MAX_STREAM_DATA, the peer's bidi stream 0, 400000
        Recorder.Accepted a = r.accepted.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(a).isNotNull();
        assertThat(a.bidi().id()).isZero();
        a.bidi().write(WsLoopback.buf(WsLoopback.bytes(300_000, 7)));
        long offset = 0;
        for (ByteBuf m : sent()) {
            Seen seen = stream(m);
            assertThat(seen.id()).isZero();
            offset += seen.length();
        }
        // Beyond the 256 KiB of the peer's initial_max_stream_data_bidi_local: all 300000 went.
        assertThat(offset).isEqualTo(300_000);
        assertThat(a.bidi().queuedBytes()).isZero();
    }
}
