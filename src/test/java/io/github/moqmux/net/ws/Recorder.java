package io.github.moqmux.net.ws;

import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxConnection;
import io.github.moqmux.net.mux.MuxRecvStream;
import io.github.moqmux.net.mux.MuxStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A test handler for one connection: streams the peer opens are queued (after an optional hook
 * runs on the event loop), and each gets a {@link Reader} unless the hook sets its own handler.
 */
final class Recorder implements MuxConnection.Handler {
    final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
    final CompletableFuture<MuxCloseReason> closed = new CompletableFuture<>();
    /** When false, streams are queued without a handler (they buffer, credit is not returned). */
    volatile boolean read = true;
    volatile Consumer<Accepted> hook = a -> { };

    /** A stream the peer opened; {@code bidi} is null for a unidirectional one. */
    record Accepted(MuxRecvStream recv, MuxStream bidi, Reader reader) {
    }

    @Override
    public void onBidiStream(MuxStream stream) {
        Reader r = read ? new Reader() : null;
        if (r != null) {
            stream.handler(r);
        }
        Accepted a = new Accepted(stream, stream, r);
        hook.accept(a);
        accepted.add(a);
    }

    @Override
    public void onUniStream(MuxRecvStream stream) {
        Reader r = read ? new Reader() : null;
        if (r != null) {
            stream.handler(r);
        }
        Accepted a = new Accepted(stream, null, r);
        hook.accept(a);
        accepted.add(a);
    }

    @Override
    public void onClosed(MuxCloseReason reason) {
        closed.complete(reason);
    }

    /** Collects a stream's bytes; completes with them on FIN, exceptionally on a reset. */
    static final class Reader implements MuxRecvStream.Handler {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        volatile long resetCode = Long.MIN_VALUE;
        volatile Consumer<byte[]> onChunk = b -> { };

        @Override
        public void onData(io.netty.buffer.ByteBuf data) {
            try {
                byte[] b = new byte[data.readableBytes()];
                data.readBytes(b);
                synchronized (bytes) {
                    bytes.writeBytes(b);
                }
                onChunk.accept(b);
            } finally {
                data.release();
            }
        }

        @Override
        public void onFin() {
            synchronized (bytes) {
                done.complete(bytes.toByteArray());
            }
        }

        @Override
        public void onReset(long code) {
            resetCode = code;
            done.completeExceptionally(new IllegalStateException("reset " + code));
        }

        int size() {
            synchronized (bytes) {
                return bytes.size();
            }
        }
    }
}
