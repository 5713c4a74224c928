package io.github.moqmux.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact bytes of both framings, checked against what @moq/qmux 0.3.3 sent in the traces captured
 * for MOQ-WIRE.md (moq-wire/trace-lite05-ws-qmux00.txt, trace-lite02-ws-legacy-webtransport.txt).
 */
class FramingTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    /** The first message of both sides in trace-lite05-ws-qmux00.txt. */
    private static final String TRACE_PARAMS = "ff5153300d0a0d0a31"
            + "0104800075300404801000000504800400000604800400000704800400000802406409024064"
            + "c571c59429cd0845027ffe";

    private static ByteBuf hex(String s) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(s.replace(" ", "")));
    }

    private static String hex(ByteBuf b) {
        try {
            return ByteBufUtil.hexDump(b);
        } finally {
            b.release();
        }
    }

    private static List<WsFrame> decode(Framing framing, String bytes) throws WsProtocolError {
        ByteBuf msg = hex(bytes);
        List<WsFrame> out = new ArrayList<>();
        try {
            framing.decode(msg, out);
        } finally {
            msg.release();
        }
        return out;
    }

    private static String data(WsFrame f) {
        ByteBuf d = ((WsFrame.Stream) f).data();
        try {
            return ByteBufUtil.hexDump(d);
        } finally {
            d.release();
        }
    }

    @Test
    void ourTransportParametersAreThoseOfMoqQmux() {
        ByteBuf b = QmuxFraming.INSTANCE.encode(ALLOC,
                new WsFrame.Parameters(TransportParameters.of(TransportLimits.DEFAULT, 30_000)));
        assertThat(hex(b)).isEqualTo(TRACE_PARAMS);
    }

    @Test
    void theirTransportParametersParse() throws Exception {
        List<WsFrame> frames = decode(QmuxFraming.INSTANCE, TRACE_PARAMS);
        assertThat(frames).containsExactly(new WsFrame.Parameters(new TransportParameters(30_000,
                1 << 20, 256 << 10, 256 << 10, 256 << 10, 100, 100, 16382)));
    }

    @Test
    void omittedParametersAreZeroAndUnknownOnesSkipped() throws Exception {
        // initial_max_data 0x10 and an unknown id 0x2a with two bytes.
        List<WsFrame> frames = decode(QmuxFraming.INSTANCE, "ff5153300d0a0d0a 07 04 01 10 2a 02 41 00");
        TransportParameters p = ((WsFrame.Parameters) frames.get(0)).params();
        assertThat(p.initialMaxData()).isEqualTo(0x10);
        assertThat(p.initialMaxStreamsBidi()).isZero();
        assertThat(p.initialMaxStreamDataUni()).isZero();
    }

    @Test
    void duplicateParameterIsATransportParameterError() {
        assertThatThrownBy(() -> decode(QmuxFraming.INSTANCE, "ff5153300d0a0d0a 06 04 01 10 04 01 11"))
                .isInstanceOfSatisfying(WsProtocolError.class,
                        e -> assertThat(e.code()).isEqualTo(WsProtocolError.TRANSPORT_PARAMETER_ERROR));
    }

    @Test
    void streamFramesOfTheTrace() throws Exception {
        // C->S 0e 02 00 01 01: stream 2, offset 0, length 1; C->S 0f 02 0d 00: FIN at 13.
        List<WsFrame> a = decode(QmuxFraming.INSTANCE, "0e 02 00 01 01");
        assertThat(a).hasSize(1);
        WsFrame.Stream s = (WsFrame.Stream) a.get(0);
        assertThat(s.id()).isEqualTo(2);
        assertThat(s.offset()).isZero();
        assertThat(s.fin()).isFalse();
        assertThat(data(s)).isEqualTo("01");
        WsFrame.Stream fin = (WsFrame.Stream) decode(QmuxFraming.INSTANCE, "0f 02 0d 00").get(0);
        assertThat(fin.offset()).isEqualTo(13);
        assertThat(fin.fin()).isTrue();
        assertThat(data(fin)).isEmpty();
    }

    @Test
    void streamWithoutOffsetOrLengthRunsToTheEnd() throws Exception {
        WsFrame.Stream s = (WsFrame.Stream) decode(QmuxFraming.INSTANCE, "09 06 61 62 63").get(0);
        assertThat(s.id()).isEqualTo(6);
        assertThat(s.offset()).isZero();
        assertThat(s.fin()).isTrue();
        assertThat(data(s)).isEqualTo("616263");
    }

    @Test
    void severalFramesInOneMessage() throws Exception {
        // STREAM(len) + MAX_DATA + PADDING + STOP_SENDING + MAX_STREAMS uni + DATA_BLOCKED.
        List<WsFrame> frames = decode(QmuxFraming.INSTANCE,
                "0e 02 00 02 aa bb 10 80 20 00 00 00 05 05 07 13 40 c8 14 01");
        assertThat(frames).hasSize(5);
        assertThat(data(frames.get(0))).isEqualTo("aabb");
        assertThat(frames.subList(1, 5)).containsExactly(new WsFrame.MaxData(0x200000),
                new WsFrame.StopSending(5, 7), new WsFrame.MaxStreams(false, 200),
                new WsFrame.Ignored(QmuxFraming.DATA_BLOCKED));
    }

    @Test
    void ourStreamHeaderMatchesTheTrace() {
        assertThat(hex(QmuxFraming.INSTANCE.streamHeader(ALLOC, 2, 0, 1, false))).isEqualTo("0e020001");
        assertThat(hex(QmuxFraming.INSTANCE.streamHeader(ALLOC, 3, 13, 0, true))).isEqualTo("0f030d00");
        assertThat(hex(QmuxFraming.INSTANCE.streamHeader(ALLOC, 9, 1, 0x16, false))).isEqualTo("0e090116");
    }

    @Test
    void controlFramesEncodeAsQuicV1() {
        assertThat(hex(QmuxFraming.INSTANCE.encode(ALLOC, new WsFrame.ResetStream(5, 0, 0x12))))
                .isEqualTo("04050012"); // S->C 04 05 00 12 in the lite-05 trace
        assertThat(hex(QmuxFraming.INSTANCE.encode(ALLOC, new WsFrame.StopSending(5, 0))))
                .isEqualTo("050500");
        assertThat(hex(QmuxFraming.INSTANCE.encode(ALLOC, new WsFrame.MaxData(1 << 21))))
                .isEqualTo("1080200000");
        assertThat(hex(QmuxFraming.INSTANCE.encode(ALLOC, new WsFrame.MaxStreamData(4, 0x60000))))
                .isEqualTo("110480060000");
        assertThat(hex(QmuxFraming.INSTANCE.encode(ALLOC, new WsFrame.MaxStreams(true, 150))))
                .isEqualTo("124096");
        assertThat(hex(QmuxFraming.INSTANCE.encode(ALLOC, new WsFrame.Close(0x3, "flow", false))))
                .isEqualTo("1c030004" + "666c6f77");
        assertThat(hex(QmuxFraming.INSTANCE.encode(ALLOC, new WsFrame.Close(2, "bye", true))))
                .isEqualTo("1d0203" + "627965");
    }

    @Test
    void closeFramesDecode() throws Exception {
        assertThat(decode(QmuxFraming.INSTANCE, "1c 03 08 02 6f 6b"))
                .containsExactly(new WsFrame.Close(3, "ok", false));
        assertThat(decode(QmuxFraming.INSTANCE, "1d 00 00")).containsExactly(new WsFrame.Close(0, "", true));
    }

    @Test
    void truncatedOrUnknownFramesAreEncodingErrorsAndReleaseWhatWasParsed() {
        ByteBuf msg = hex("0e 02 00 01 01 0e 02 01 05 01");
        List<WsFrame> out = new ArrayList<>();
        assertThatThrownBy(() -> QmuxFraming.INSTANCE.decode(msg, out))
                .isInstanceOfSatisfying(WsProtocolError.class,
                        e -> assertThat(e.code()).isEqualTo(WsProtocolError.FRAME_ENCODING_ERROR));
        assertThat(out).isEmpty();
        assertThat(msg.refCnt()).isEqualTo(1); // the slice of the first frame was released
        msg.release();
        assertThatThrownBy(() -> decode(QmuxFraming.INSTANCE, "21 00"))
                .isInstanceOfSatisfying(WsProtocolError.class,
                        e -> assertThat(e.code()).isEqualTo(WsProtocolError.FRAME_ENCODING_ERROR));
        assertThatThrownBy(() -> decode(QmuxFraming.INSTANCE, "40"))
                .isInstanceOf(WsProtocolError.class);
    }

    @Test
    void legacyFramesOfTheTrace() throws Exception {
        // C->S 08 00 20 (stream 0, one byte), C->S 09 06 (FIN on stream 6, no data).
        WsFrame.Stream s = (WsFrame.Stream) decode(LegacyFraming.INSTANCE, "08 00 20").get(0);
        assertThat(s.id()).isZero();
        assertThat(s.fin()).isFalse();
        assertThat(data(s)).isEqualTo("20");
        WsFrame.Stream fin = (WsFrame.Stream) decode(LegacyFraming.INSTANCE, "09 06").get(0);
        assertThat(fin.id()).isEqualTo(6);
        assertThat(fin.fin()).isTrue();
        assertThat(data(fin)).isEmpty();
        assertThat(decode(LegacyFraming.INSTANCE, "04 05 07")).containsExactly(new WsFrame.ResetStream(5, 7, 0));
        assertThat(decode(LegacyFraming.INSTANCE, "05 05 07")).containsExactly(new WsFrame.StopSending(5, 7));
        assertThat(decode(LegacyFraming.INSTANCE, "1d 02 62 79 65"))
                .containsExactly(new WsFrame.Close(2, "bye", true));
    }

    @Test
    void legacyEncoding() {
        assertThat(hex(LegacyFraming.INSTANCE.streamHeader(ALLOC, 1, 0, 3, false))).isEqualTo("0801");
        assertThat(hex(LegacyFraming.INSTANCE.streamHeader(ALLOC, 0x1e, 99, 0, true))).isEqualTo("091e");
        assertThat(hex(LegacyFraming.INSTANCE.encode(ALLOC, new WsFrame.ResetStream(5, 0x12, 40))))
                .isEqualTo("040512");
        assertThat(hex(LegacyFraming.INSTANCE.encode(ALLOC, new WsFrame.StopSending(2, 0))))
                .isEqualTo("050200");
        assertThat(hex(LegacyFraming.INSTANCE.encode(ALLOC, new WsFrame.Close(1, "x", true))))
                .isEqualTo("1d0178");
        assertThat(LegacyFraming.INSTANCE.encode(ALLOC, new WsFrame.MaxData(10))).isNull();
    }

    @Test
    void legacyUnknownTypeOrEmptyMessage() {
        assertThatThrownBy(() -> decode(LegacyFraming.INSTANCE, "0e 02 00"))
                .isInstanceOf(WsProtocolError.class);
        assertThatThrownBy(() -> decode(LegacyFraming.INSTANCE, ""))
                .isInstanceOf(WsProtocolError.class);
    }

    @Test
    void subprotocolsByServerPreference() {
        List<String> ours = Subprotocol.expand(WebSocketServerConfig.DEFAULT_ALPNS, true, true);
        assertThat(ours).containsExactly("qmux-00.moq-lite-05", "qmux-00.moq-lite-04", "qmux-00.moql",
                "qmux-00", "webtransport");
        // @moq/net 0.3.4 (MOQ-WIRE §11.1): qmux-02/01/00 × lite-05/04/03/moql, moqt, bare names.
        List<String> moqNet = new ArrayList<>();
        for (String alpn : List.of("moq-lite-05", "moq-lite-04", "moq-lite-03", "moql")) {
            for (String q : List.of("qmux-02.", "qmux-01.", "qmux-00.")) {
                moqNet.add(q + alpn);
            }
        }
        moqNet.add("qmux-02.moqt-17, qmux-01.moqt-17, qmux-00.moqt-17");
        moqNet.addAll(List.of("qmux-02", "qmux-01", "qmux-00", "webtransport"));
        assertThat(Subprotocol.select(ours, moqNet)).isEqualTo("qmux-00.moq-lite-05");
        // A client that only has lite-04 gets lite-04 even if listed after bare qmux-00.
        assertThat(Subprotocol.select(ours, List.of("qmux-00, qmux-00.moq-lite-04")))
                .isEqualTo("qmux-00.moq-lite-04");
        // @moq/lite 0.2.2 over WebSocket offers only "qmux-00, webtransport".
        assertThat(Subprotocol.select(ours, List.of("qmux-00, webtransport"))).isEqualTo("qmux-00");
        assertThat(Subprotocol.select(ours, List.of("webtransport"))).isEqualTo("webtransport");
        assertThat(Subprotocol.select(ours, List.of("qmux-01.moq-lite-05"))).isNull();
    }

    @Test
    void subprotocolParsing() {
        assertThat(Subprotocol.parse("qmux-00.moq-lite-05")).isEqualTo(
                new Subprotocol("qmux-00.moq-lite-05", true, "moq-lite-05"));
        assertThat(Subprotocol.parse("qmux-00")).isEqualTo(new Subprotocol("qmux-00", true, ""));
        assertThat(Subprotocol.parse("webtransport")).isEqualTo(new Subprotocol("webtransport", false, ""));
        assertThat(Subprotocol.parse(null)).isEqualTo(new Subprotocol("", false, ""));
        assertThat(Subprotocol.parse("qmux-01.moq-lite-05")).isNull();
    }
}
