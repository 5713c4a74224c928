package io.github.moqmux.net;

import io.github.moqmux.net.mux.MemoryMux;
import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxConnection;
import io.github.moqmux.net.mux.MuxRecvStream;
import io.github.moqmux.net.mux.MuxStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-driven peer: writes exact bytes and records what arrives (per stream, in order, with a
 * global event log), to test the session against bytes a real or hostile peer sends.
 */
final class RawPeer implements MuxConnection.Handler {
    final MemoryMux.End end;
    final List<String> events = new CopyOnWriteArrayList<>();
    final Map<Long, ByteArrayOutputStream> received = new ConcurrentHashMap<>();

    RawPeer(MemoryMux.End end) {
        this(end, true);
    }

    /** @param install whether to install this as the connection's handler (else the test delegates to it) */
    RawPeer(MemoryMux.End end, boolean install) {
        this.end = end;
        if (install) {
            end.handler(this);
        }
    }

    static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    /** Records a stream this side opened. */
    void watch(MuxRecvStream stream) {
        stream.handler(new Recorder(stream.id()));
    }

    byte[] bytes(long id) {
        ByteArrayOutputStream out = received.get(id);
        return out == null ? new byte[0] : out.toByteArray();
    }

    @Override
    public void onBidiStream(MuxStream stream) {
        events.add("bidi " + stream.id());
        watch(stream);
    }

    @Override
    public void onUniStream(MuxRecvStream stream) {
        events.add("uni " + stream.id());
        watch(stream);
    }

    @Override
    public void onClosed(MuxCloseReason reason) {
        events.add("closed " + reason.code());
    }

    private final class Recorder implements MuxRecvStream.Handler {
        private final long id;

        Recorder(long id) {
            this.id = id;
        }

        @Override
        public void onData(ByteBuf data) {
            try {
                received.computeIfAbsent(id, k -> new ByteArrayOutputStream()).writeBytes(ByteBufUtil.getBytes(data));
            } finally {
                data.release();
            }
        }

        @Override
        public void onFin() {
            events.add("fin " + id);
        }

        @Override
        public void onReset(long code) {
            events.add("reset " + id + " " + code);
        }
    }
}
