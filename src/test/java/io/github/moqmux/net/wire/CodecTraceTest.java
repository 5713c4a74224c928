package io.github.moqmux.net.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.net.wire.Codec.FrameHeader;
import io.github.moqmux.net.wire.Codec.Kind;
import io.github.moqmux.net.wire.Message.Announce;
import io.github.moqmux.net.wire.Message.AnnounceInit;
import io.github.moqmux.net.wire.Message.AnnounceInterest;
import io.github.moqmux.net.wire.Message.AnnounceOk;
import io.github.moqmux.net.wire.Message.ClientSetup;
import io.github.moqmux.net.wire.Message.GroupHeader;
import io.github.moqmux.net.wire.Message.Param;
import io.github.moqmux.net.wire.Message.ServerSetup;
import io.github.moqmux.net.wire.Message.Setup;
import io.github.moqmux.net.wire.Message.SetupParam;
import io.github.moqmux.net.wire.Message.Subscribe;
import io.github.moqmux.net.wire.Message.SubscribeOk;
import io.github.moqmux.net.wire.Message.SubscribeStart;
import io.github.moqmux.net.wire.Message.TrackInfo;
import io.github.moqmux.net.wire.Message.TrackRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decodes and re-encodes the exact bytes of the traces captured against the real JS peers
 * ({@code moq-wire/trace-*.txt}, MOQ-WIRE §1.10).
 */
class CodecTraceTest {
    private static final String DEMO = "09" + hex("demo.hang");
    private static final String VIDEO = "05" + hex("video");

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** Decodes one message, checks every byte was consumed, and checks the re-encoding. */
    private static Message roundTrip(String hex, Kind kind, Version version) {
        byte[] wire = bytes(hex);
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        Message m = Codec.read(in, kind, version, 4096);
        assertEquals(0, in.readableBytes(), "whole message consumed");
        ByteBuf out = Unpooled.buffer();
        Codec.write(out, m, version);
        assertArrayEquals(wire, ByteBufUtil.getBytes(out), "re-encoding of " + m);
        // Incremental: every proper prefix is incomplete and consumes nothing.
        for (int n = 0; n < wire.length; n++) {
            ByteBuf part = Unpooled.wrappedBuffer(wire, 0, n);
            assertNull(Codec.read(part, kind, version, 4096), "prefix of " + n + " bytes");
            assertEquals(0, part.readerIndex());
        }
        return m;
    }

    @Test
    void lite02SetupExchange() {
        byte[] impl = "moq-lite-js".getBytes(StandardCharsets.US_ASCII);
        String params = "02 02 80 00 a4 55 07 0b" + hex("moq-lite-js");
        ClientSetup client = (ClientSetup) roundTrip("00 2c 03 c0 00 00 00 ff 0d ad 02 c0 00 00 00 ff 0d ad 01"
                + " c0 00 00 00 ff 00 00 0e " + params, Kind.CLIENT_SETUP, Version.LITE_02);
        assertEquals(List.of(0xff0dad02L, 0xff0dad01L, 0xff00000eL), client.versions());
        assertEquals(2, client.params().get(0).key());
        assertEquals(42069, client.params().get(0).value());
        assertArrayEquals(impl, client.params().get(1).bytes());

        ServerSetup server = (ServerSetup) roundTrip("00 1b c0 00 00 00 ff 0d ad 02 " + params,
                Kind.SERVER_SETUP, Version.LITE_02);
        assertEquals(Version.LITE_02, Version.fromCode(server.version()));
        ByteBuf out = Unpooled.buffer();
        Codec.write(out, new ServerSetup(Version.LITE_02.code(),
                List.of(new SetupParam(2, 42069, new byte[0]), new SetupParam(7, 0, impl))), Version.LITE_02);
        assertArrayEquals(bytes("00 1b c0 00 00 00 ff 0d ad 02 " + params), ByteBufUtil.getBytes(out));
    }

    @Test
    void lite02AnnounceSubscribeGroup() {
        assertEquals(new AnnounceInterest("", 0), roundTrip("01 00", Kind.ANNOUNCE_INTEREST, Version.LITE_02));
        assertEquals(List.of("demo.hang"),
                ((AnnounceInit) roundTrip("0b 01" + DEMO, Kind.ANNOUNCE_INIT, Version.LITE_02)).suffixes());
        assertEquals(new Subscribe(0, "demo.hang", "video", 2, false, 0, -1, -1),
                roundTrip("12 00" + DEMO + VIDEO + "02", Kind.SUBSCRIBE, Version.LITE_02));
        assertEquals(new SubscribeOk(0, false, 0, -1, -1),
                roundTrip("00", Kind.SUBSCRIBE_RESPONSE, Version.LITE_02));
        assertEquals(new GroupHeader(0, 1), roundTrip("02 00 01", Kind.GROUP, Version.LITE_02));
        assertEquals(new Announce(false, "demo.hang", List.of()),
                roundTrip("0b 00" + DEMO, Kind.ANNOUNCE, Version.LITE_02));
    }

    @Test
    void lite04Messages() {
        assertEquals(new AnnounceInterest("", 0), roundTrip("02 00 00", Kind.ANNOUNCE_INTEREST, Version.LITE_04));
        assertEquals(new Announce(true, "demo.hang", List.of()),
                roundTrip("0c 01" + DEMO + "00", Kind.ANNOUNCE, Version.LITE_04));
        assertEquals(new Subscribe(0, "demo.hang", "video", 2, false, 0, -1, -1),
                roundTrip("16 00" + DEMO + VIDEO + "02 00 00 00 00", Kind.SUBSCRIBE, Version.LITE_04));
        assertEquals(new SubscribeOk(2, true, 0, -1, -1),
                roundTrip("00 05 02 01 00 00 00", Kind.SUBSCRIBE_RESPONSE, Version.LITE_04));
        assertEquals(new GroupHeader(0, 0), roundTrip("02 00 00", Kind.GROUP, Version.LITE_04));
        // A late joiner asking for group 7 and ending at 9: Option encoding value + 1.
        assertEquals(new Subscribe(3, "demo.hang", "video", 2, true, 500, 7, 9),
                roundTrip("17 03" + DEMO + VIDEO + "02 01 41 f4 08 0a", Kind.SUBSCRIBE, Version.LITE_04));
        frames(Version.LITE_04, "07" + hex("frame-a"), 0, "frame-a");
    }

    @Test
    void lite05Messages() {
        Setup setup = (Setup) roundTrip("0b 01 05 08 c0 0c c5 ca aa e1 15 6c", Kind.SETUP, Version.LITE_05);
        assertEquals(1, setup.params().size());
        Param origin = setup.params().get(0);
        assertEquals(5, origin.id());
        assertArrayEquals(bytes("c0 0c c5 ca aa e1 15 6c"), origin.value());

        assertEquals(new AnnounceInterest("", 0x0547c6264371bbL),
                roundTrip("09 00 c0 05 47 c6 26 43 71 bb", Kind.ANNOUNCE_INTEREST, Version.LITE_05));
        assertEquals(new AnnounceOk(0x0cc5caaae1156cL, 1),
                roundTrip("09 c0 0c c5 ca aa e1 15 6c 01", Kind.ANNOUNCE_OK, Version.LITE_05));
        assertEquals(new Announce(true, "demo.hang", List.of()),
                roundTrip("0c 01" + DEMO + "00", Kind.ANNOUNCE, Version.LITE_05));
        assertEquals(new TrackRequest("demo.hang", "video"),
                roundTrip("10" + DEMO + VIDEO, Kind.TRACK, Version.LITE_05));
        assertEquals(new TrackInfo(0, false, 5000, 1000),
                roundTrip("06 00 00 53 88 43 e8", Kind.TRACK_INFO, Version.LITE_05));
        assertEquals(new Subscribe(0, "demo.hang", "video", 2, false, 0, -1, -1),
                roundTrip("16 00" + DEMO + VIDEO + "02 00 00 00 00", Kind.SUBSCRIBE, Version.LITE_05));
        assertEquals(new SubscribeStart(2), roundTrip("00 01 02", Kind.SUBSCRIBE_RESPONSE, Version.LITE_05));
        assertEquals(new Message.SubscribeEnd(4), roundTrip("01 01 04", Kind.SUBSCRIBE_RESPONSE, Version.LITE_05));
        assertEquals(new GroupHeader(0, 2), roundTrip("02 00 02", Kind.GROUP, Version.LITE_05));
    }

    @Test
    void lite05FrameTimestamps() {
        // Group 2 of the trace: frame-a at +1000 ms (zigzag 2000), frame-b +33 ms; the JS writer
        // used a two-byte varint for 66 (40 42), which decodes the same; ours is the shortest form.
        ByteBuf in = Unpooled.wrappedBuffer(bytes("47 d0 07" + hex("frame-a") + "40 42 07" + hex("frame-b")));
        FrameHeader a = Codec.readFrameHeader(in, Version.LITE_05);
        assertEquals(new FrameHeader(1000, 7), a);
        in.skipBytes(7);
        assertEquals(new FrameHeader(33, 7), Codec.readFrameHeader(in, Version.LITE_05));
        ByteBuf out = Unpooled.buffer();
        Codec.writeFrameHeader(out, Version.LITE_05, 1000, 7);
        assertArrayEquals(bytes("47 d0 07"), ByteBufUtil.getBytes(out));
        out.clear();
        Codec.writeFrameHeader(out, Version.LITE_05, 1066, 7);
        assertArrayEquals(bytes("48 54 07"), ByteBufUtil.getBytes(out));
        out.clear();
        Codec.writeFrameHeader(out, Version.LITE_05, -3, 1);
        assertEquals(-3, Codec.readFrameHeader(out, Version.LITE_05).timestampDelta());
        assertNull(Codec.readFrameHeader(Unpooled.wrappedBuffer(bytes("47")), Version.LITE_05));
    }

    private static void frames(Version v, String hex, long delta, String payload) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(hex));
        FrameHeader h = Codec.readFrameHeader(in, v);
        assertEquals(new FrameHeader(delta, payload.length()), h);
        assertEquals(payload, in.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void streamTypes() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes("20 06"));
        assertEquals(Codec.STREAM_CLIENT_COMPAT, Codec.readStreamType(in));
        assertEquals(Codec.STREAM_TRACK, Codec.readStreamType(in));
        assertEquals(Wire.INCOMPLETE, Codec.readStreamType(in));
    }

    @Test
    void oversizedAndMalformedAreProtocolErrors() {
        // A declared length above the limit fails before the body arrives.
        MoqMuxException big = assertThrows(MoqMuxException.class,
                () -> Codec.read(Unpooled.wrappedBuffer(bytes("80 10 00 00")), Kind.SUBSCRIBE, Version.LITE_04, 4096));
        assertEquals(MoqMuxException.Kind.PROTOCOL, big.kind());
        // Trailing bytes inside the declared length.
        assertThrows(MoqMuxException.class,
                () -> Codec.read(Unpooled.wrappedBuffer(bytes("03 00 00 00")), Kind.ANNOUNCE_INTEREST, Version.LITE_04, 64));
        // A string longer than its message.
        assertThrows(MoqMuxException.class,
                () -> Codec.read(Unpooled.wrappedBuffer(bytes("02 05 41")), Kind.TRACK, Version.LITE_05, 64));
        // Bad boolean, unknown response type, bad announce status.
        assertThrows(MoqMuxException.class, () -> Codec.read(
                Unpooled.wrappedBuffer(bytes("00 05 02 07 00 00 00")), Kind.SUBSCRIBE_RESPONSE, Version.LITE_04, 64));
        assertThrows(MoqMuxException.class, () -> Codec.read(
                Unpooled.wrappedBuffer(bytes("09 01 00")), Kind.SUBSCRIBE_RESPONSE, Version.LITE_05, 64));
        assertThrows(MoqMuxException.class, () -> Codec.read(
                Unpooled.wrappedBuffer(bytes("02 02 00")), Kind.ANNOUNCE, Version.LITE_04, 64));
    }

    @Test
    void aParameterLengthCountsOnlyTheBytesAfterItself() {
        // SETUP body: 1 parameter, id 1, length 2 — but only 1 byte follows the length varint. The
        // length equals what was readable before the varint, which once passed the bound check and
        // then read past the body (found by RandomBytesTest).
        assertThrows(MoqMuxException.class,
                () -> Codec.read(Unpooled.wrappedBuffer(bytes("04 01 01 02 07")), Kind.SETUP, Version.LITE_05, 64));
        assertThrows(MoqMuxException.class,
                () -> Codec.read(Unpooled.wrappedBuffer(bytes("00 07 02 ff0dad02 01 01 02 07")),
                        Kind.CLIENT_SETUP, Version.LITE_02, 64));
    }

    @Test
    void varintsAndZigzag() {
        for (long v : new long[] {0, 63, 64, 16383, 16384, (1L << 30) - 1, 1L << 30, Wire.MAX_VARINT}) {
            ByteBuf b = Unpooled.buffer();
            Wire.writeVarint(b, v);
            assertEquals(Wire.varintSize(v), b.readableBytes());
            assertEquals(v, Wire.readVarint(b));
        }
        for (long v : new long[] {0, 1, -1, 1000, -1000, Long.MAX_VALUE >> 2}) {
            assertEquals(v, Wire.unzigzag(Wire.zigzag(v)));
        }
        assertEquals(2000, Wire.zigzag(1000));
        assertEquals(Version.LITE_02, Version.fromProtocol(""));
        assertEquals(Version.LITE_02, Version.fromProtocol("moql"));
        assertEquals(Version.LITE_05, Version.fromProtocol("moq-lite-05"));
        assertNull(Version.fromProtocol("moqt-16"));
    }
}
