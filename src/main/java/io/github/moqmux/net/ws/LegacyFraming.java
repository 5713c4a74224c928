package io.github.moqmux.net.ws;

import io.github.moqmux.container.VarInt;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The legacy {@code webtransport} WebSocket framing of web-transport-ws 0.3: one frame per
 * message, a one-byte type, a varint stream id; STREAM data runs to the end of the message; no
 * offsets, no final sizes, no flow control.
 */
final class LegacyFraming implements Framing {
    static final LegacyFraming INSTANCE = new LegacyFraming();

    static final int RESET_STREAM = 0x04;
    static final int STOP_SENDING = 0x05;
    static final int STREAM = 0x08;
    static final int STREAM_FIN = 0x09;
    static final int CONNECTION_CLOSE = 0x1c;
    static final int APPLICATION_CLOSE = 0x1d;

    private LegacyFraming() {
    }

    @Override
    public boolean flowControl() {
        return false;
    }

    @Override
    public void decode(ByteBuf in, List<WsFrame> out) throws WsProtocolError {
        if (!in.isReadable()) {
            throw new WsProtocolError(WsProtocolError.FRAME_ENCODING_ERROR, "empty message");
        }
        int type = in.readUnsignedByte();
        switch (type) {
            case STREAM, STREAM_FIN -> {
                long id = Wire.varint(in);
                out.add(new WsFrame.Stream(id, 0, in.readRetainedSlice(in.readableBytes()),
                        type == STREAM_FIN, false));
            }
            case RESET_STREAM -> out.add(new WsFrame.ResetStream(Wire.varint(in), Wire.varint(in), 0));
            case STOP_SENDING -> out.add(new WsFrame.StopSending(Wire.varint(in), Wire.varint(in)));
            case CONNECTION_CLOSE, APPLICATION_CLOSE -> {
                long code = Wire.varint(in);
                String reason = in.readCharSequence(in.readableBytes(), StandardCharsets.UTF_8)
                        .toString();
                out.add(new WsFrame.Close(code, reason, type == APPLICATION_CLOSE));
            }
            default -> throw new WsProtocolError(WsProtocolError.FRAME_ENCODING_ERROR,
                    "unknown webtransport frame type 0x" + Integer.toHexString(type));
        }
    }

    @Override
    public ByteBuf streamHeader(ByteBufAllocator alloc, long id, long offset, int length,
                                boolean fin) {
        ByteBuf b = alloc.buffer(1 + VarInt.size(id));
        b.writeByte(fin ? STREAM_FIN : STREAM);
        VarInt.write(b, id);
        return b;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, WsFrame frame) {
        ByteBuf b;
        if (frame instanceof WsFrame.ResetStream r) {
            b = alloc.buffer(17);
            b.writeByte(RESET_STREAM);
            VarInt.write(b, r.id());
            VarInt.write(b, r.code());
        } else if (frame instanceof WsFrame.StopSending s) {
            b = alloc.buffer(17);
            b.writeByte(STOP_SENDING);
            VarInt.write(b, s.id());
            VarInt.write(b, s.code());
        } else if (frame instanceof WsFrame.Close c) {
            byte[] reason = c.reason().getBytes(StandardCharsets.UTF_8);
            b = alloc.buffer(9 + reason.length);
            b.writeByte(c.application() ? APPLICATION_CLOSE : CONNECTION_CLOSE);
            VarInt.write(b, c.code());
            b.writeBytes(reason);
        } else {
            b = null; // no MAX_*, no parameters in this framing
        }
        return b;
    }
}
