package io.github.moqmux.net.ws;

import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.mux.MuxStreamException;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream of a {@link WsMuxConnection}: a send half, a receive half or both. All state is
 * touched on the connection's event loop only; {@link #write}, {@link #finish}, {@link #reset}
 * and {@link #stopSending} hop onto it, to the connection's {@link WsSender} or
 * {@link WsReceiver}.
 */
final class WsStream implements MuxStream {
    /** The send half's life. */
    enum SendState {
        /** No send half (a peer's unidirectional stream). */
        NONE,
        /** Accepting writes. */
        OPEN,
        /** FIN requested; queued bytes still go out, then FIN. */
        FINISHING,
        /** FIN handed to the connection; {@link #done()} completed normally. */
        FINISHED,
        /** Reset by us, stopped by the peer or cut by the connection's end. */
        RESET
    }

    /** The receive half's life. */
    enum RecvState {
        /** No receive half (our unidirectional stream). */
        NONE,
        /** Receiving. */
        OPEN,
        /** FIN arrived (it may still wait in {@link #early} for the handler). */
        FIN,
        /** The peer reset it, or the connection ended. */
        RESET,
        /** We sent STOP_SENDING; arriving bytes are discarded. */
        STOPPED
    }

    private final WsMuxConnection conn;
    private final long id;
    private final boolean local;

    // send half
    SendState sendState;
    final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    /** Bytes written but not yet in a frame; read from any thread. */
    final AtomicLong queued = new AtomicLong();
    long sendOffset;
    long sendMax;
    /** In the connection's send queue. */
    boolean scheduled;
    /** Out of the send queue for lack of stream credit. */
    boolean blocked;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    // receive half
    RecvState recvState;
    Handler handler;
    /** Bytes that arrived before the handler was set or while its first delivery is pending. */
    final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
    long earlyBytes;
    boolean flushPending;
    /** The end to report after {@link #early}: FIN, or a reset code. */
    boolean endReported;
    long resetCode;
    long recvOffset;
    long recvMax;
    long recvConsumed;

    WsStream(WsMuxConnection conn, long id, boolean local, boolean canSend, boolean canRecv) {
        this.conn = conn;
        this.id = id;
        this.local = local;
        this.sendState = canSend ? SendState.OPEN : SendState.NONE;
        this.recvState = canRecv ? RecvState.OPEN : RecvState.NONE;
        if (!canSend) {
            done.completeExceptionally(new MuxStreamException(0, "receive-only stream"));
        }
    }

    static boolean isBidi(long id) {
        return (id & 0x2) == 0;
    }

    static boolean isServerInitiated(long id) {
        return (id & 0x1) != 0;
    }

    boolean local() {
        return local;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public void write(ByteBuf data) {
        int n = data.readableBytes();
        queued.addAndGet(n);
        if (!conn.run(() -> conn.sender().enqueue(this, data, n))) {
            queued.addAndGet(-n);
            data.release();
        }
    }

    @Override
    public void finish() {
        conn.run(() -> conn.sender().finish(this));
    }

    @Override
    public void reset(long code) {
        conn.run(() -> conn.sender().resetLocal(this, code));
    }

    @Override
    public long queuedBytes() {
        return queued.get();
    }

    @Override
    public CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void handler(Handler h) {
        conn.run(() -> conn.receiver().setStreamHandler(this, h));
    }

    @Override
    public void stopSending(long code) {
        conn.run(() -> conn.receiver().stopSending(this, code));
    }

    /** Releases queued send bytes, on reset or connection end. */
    void dropPending() {
        long dropped = 0;
        for (ByteBuf b; (b = pending.poll()) != null; ) {
            dropped += b.readableBytes();
            ReferenceCountUtil.safeRelease(b);
        }
        queued.addAndGet(-dropped);
    }

    /** Releases bytes waiting for the handler; returns how many. */
    long dropEarly() {
        long n = earlyBytes;
        for (ByteBuf b; (b = early.poll()) != null; ) {
            ReferenceCountUtil.safeRelease(b);
        }
        earlyBytes = 0;
        return n;
    }

    boolean sendTerminal() {
        return sendState == SendState.NONE || sendState == SendState.FINISHED
                || sendState == SendState.RESET;
    }

    /** True once the receive half needs nothing more: its end was reported, or it has none. */
    boolean recvTerminal() {
        return recvState == RecvState.NONE || recvState == RecvState.STOPPED || endReported;
    }

    @Override
    public String toString() {
        return "stream " + id;
    }
}
