package io.github.moqmux.net.ws;

import io.github.moqmux.container.VarInt;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * qmux-00 over WebSocket (draft-lcurley-qmux-websocket, draft-ietf-quic-qmux-00): QUIC v1 frames,
 * first QX_TRANSPORT_PARAMETERS. We accept several frames per message and send one per message,
 * which is what @moq/qmux expects on qmux-00.
 */
final class QmuxFraming implements Framing {
    static final QmuxFraming INSTANCE = new QmuxFraming();

    static final long PADDING = 0x00;
    static final long PING = 0x01;
    static final long RESET_STREAM = 0x04;
    static final long STOP_SENDING = 0x05;
    static final long MAX_DATA = 0x10;
    static final long MAX_STREAM_DATA = 0x11;
    static final long MAX_STREAMS_BIDI = 0x12;
    static final long MAX_STREAMS_UNI = 0x13;
    static final long DATA_BLOCKED = 0x14;
    static final long STREAM_DATA_BLOCKED = 0x15;
    static final long STREAMS_BLOCKED_BIDI = 0x16;
    static final long STREAMS_BLOCKED_UNI = 0x17;
    static final long CONNECTION_CLOSE = 0x1c;
    static final long APPLICATION_CLOSE = 0x1d;
    static final long TRANSPORT_PARAMETERS = 0x3f5153300d0a0d0aL;
    static final long QX_PING_REQUEST = 0x348c67529ef8c7bdL;
    static final long QX_PING_RESPONSE = 0x348c67529ef8c7beL;

    private QmuxFraming() {
    }

    @Override
    public boolean flowControl() {
        return true;
    }

    @Override
    public void decode(ByteBuf in, List<WsFrame> out) throws WsProtocolError {
        try {
            while (in.isReadable()) {
                WsFrame f = decodeOne(in);
                if (f != null) {
                    out.add(f);
                }
            }
        } catch (WsProtocolError | RuntimeException e) {
            Framing.releaseAll(out);
            throw e;
        }
    }

    private static WsFrame decodeOne(ByteBuf in) throws WsProtocolError {
        long type = Wire.varint(in);
        if (type >= 0x08 && type <= 0x0f) {
            long id = Wire.varint(in);
            long offset = (type & 0x04) != 0 ? Wire.varint(in) : 0;
            int len = (type & 0x02) != 0 ? Wire.length(in) : in.readableBytes();
            return new WsFrame.Stream(id, offset, in.readRetainedSlice(len), (type & 0x01) != 0, (type & 0x04) != 0);
        }
        if (type == PADDING) {
            return null;
        }
        if (type == PING) {
            return new WsFrame.Ignored(type);
        }
        if (type == RESET_STREAM) {
            return new WsFrame.ResetStream(Wire.varint(in), Wire.varint(in), Wire.varint(in));
        }
        if (type == STOP_SENDING) {
            return new WsFrame.StopSending(Wire.varint(in), Wire.varint(in));
        }
        if (type == MAX_DATA) {
            return new WsFrame.MaxData(Wire.varint(in));
        }
        if (type == MAX_STREAM_DATA) {
            return new WsFrame.MaxStreamData(Wire.varint(in), Wire.varint(in));
        }
        if (type == MAX_STREAMS_BIDI || type == MAX_STREAMS_UNI) {
            return new WsFrame.MaxStreams(type == MAX_STREAMS_BIDI, Wire.varint(in));
        }
        if (type == DATA_BLOCKED || type == STREAMS_BLOCKED_BIDI || type == STREAMS_BLOCKED_UNI
                || type == QX_PING_REQUEST || type == QX_PING_RESPONSE) {
            Wire.varint(in);
            return new WsFrame.Ignored(type);
        }
        if (type == STREAM_DATA_BLOCKED) {
            Wire.varint(in);
            Wire.varint(in);
            return new WsFrame.Ignored(type);
        }
        if (type == CONNECTION_CLOSE || type == APPLICATION_CLOSE) {
            long code = Wire.varint(in);
            if (type == CONNECTION_CLOSE) {
                Wire.varint(in); // the frame type that caused it; not reported
            }
            int len = Wire.length(in);
            String reason = in.readCharSequence(len, StandardCharsets.UTF_8).toString();
            return new WsFrame.Close(code, reason, type == APPLICATION_CLOSE);
        }
        if (type == TRANSPORT_PARAMETERS) {
            int len = Wire.length(in);
            return new WsFrame.Parameters(TransportParameters.decode(in.readSlice(len)));
        }
        throw new WsProtocolError(WsProtocolError.FRAME_ENCODING_ERROR,
                "unknown qmux frame type 0x" + Long.toHexString(type));
    }

    @Override
    public ByteBuf streamHeader(ByteBufAllocator alloc, long id, long offset, int length,
                                boolean fin) {
        // Always OFF and LEN (0x0e/0x0f), as @moq/qmux writes them.
        ByteBuf b = alloc.buffer(1 + VarInt.size(id) + VarInt.size(offset) + VarInt.size(length));
        b.writeByte(fin ? 0x0f : 0x0e);
        VarInt.write(b, id);
        VarInt.write(b, offset);
        VarInt.write(b, length);
        return b;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, WsFrame frame) {
        ByteBuf b = alloc.buffer(32);
        if (frame instanceof WsFrame.ResetStream r) {
            put(b, RESET_STREAM, r.id(), r.code(), r.finalSize());
        } else if (frame instanceof WsFrame.StopSending s) {
            put(b, STOP_SENDING, s.id(), s.code());
        } else if (frame instanceof WsFrame.MaxData m) {
            put(b, MAX_DATA, m.max());
        } else if (frame instanceof WsFrame.MaxStreamData m) {
            put(b, MAX_STREAM_DATA, m.id(), m.max());
        } else if (frame instanceof WsFrame.MaxStreams m) {
            put(b, m.bidi() ? MAX_STREAMS_BIDI : MAX_STREAMS_UNI, m.max());
        } else if (frame instanceof WsFrame.Close c) {
            byte[] reason = c.reason().getBytes(StandardCharsets.UTF_8);
            if (c.application()) {
                put(b, APPLICATION_CLOSE, c.code(), reason.length);
            } else {
                put(b, CONNECTION_CLOSE, c.code(), 0, reason.length);
            }
            b.writeBytes(reason);
        } else if (frame instanceof WsFrame.Parameters p) {
            VarInt.write(b, TRANSPORT_PARAMETERS);
            ByteBuf params = alloc.buffer(64);
            try {
                p.params().encode(params);
                VarInt.write(b, params.readableBytes());
                b.writeBytes(params);
            } finally {
                params.release();
            }
        } else {
            b.release();
            throw new IllegalArgumentException("not encodable alone: " + frame);
        }
        return b;
    }

    private static void put(ByteBuf b, long... values) {
        for (long v : values) {
            VarInt.write(b, v);
        }
    }
}
