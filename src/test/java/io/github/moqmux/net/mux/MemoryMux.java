package io.github.moqmux.net.mux;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link MuxConnection} pair for tests: two ends whose streams deliver each other's
 * bytes in order, each end with its own serial executor over a small shared thread pool. Bytes
 * written but not yet handed to the other end's handler count as {@link MuxSendStream#queuedBytes()};
 * {@link End#pauseReading(boolean)} stalls an end's reading so that a test can play a subscriber
 * that stops reading.
 */
public final class MemoryMux {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "memory-mux");
        t.setDaemon(true);
        return t;
    });

    /** Exceptions thrown by callbacks on any end: tests assert this stays empty. */
    public static final java.util.Queue<RuntimeException> FAILURES = new ConcurrentLinkedQueue<>();

    private MemoryMux() {
    }

    /** A connected pair. */
    public record Pair(End server, End client) {
    }

    /**
     * @param protocol the negotiated protocol both ends report
     * @param path     the URL path both ends report
     * @return a connected pair
     */
    public static Pair pair(String protocol, String path) {
        End server = new End(true, protocol, path);
        End client = new End(false, protocol, path);
        server.peer = client;
        client.peer = server;
        return new Pair(server, client);
    }

    /** Runs tasks one at a time, in order, on the shared pool. */
    static final class Serial implements Executor {
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
            schedule();
        }

        private void schedule() {
            if (running.compareAndSet(false, true)) {
                POOL.execute(this::drain);
            }
        }

        private void drain() {
            try {
                Runnable r;
                int n = 0;
                while (n++ < 256 && (r = tasks.poll()) != null) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        // A callback threw: a bug in the code under test. Record it for the tests.
                        FAILURES.add(e);
                        org.slf4j.LoggerFactory.getLogger(MemoryMux.class).error("callback failed", e);
                    }
                }
            } finally {
                running.set(false);
                if (!tasks.isEmpty()) {
                    schedule();
                }
            }
        }
    }

    /** One end of the pair. */
    public static final class End implements MuxConnection {
        private final boolean server;
        private final String protocol;
        private final String path;
        private final Serial exec = new Serial();
        private final CompletableFuture<MuxCloseReason> closeFuture = new CompletableFuture<>();
        private final AtomicLong nextBidi = new AtomicLong();
        private final AtomicLong nextUni = new AtomicLong();
        private final List<Pipe> pipes = new ArrayList<>();
        private final ArrayDeque<Runnable> held = new ArrayDeque<>();
        private final List<Runnable> beforeHandler = new ArrayList<>();
        End peer;
        private Handler handler;
        private volatile boolean closed;
        private boolean paused;

        End(boolean server, String protocol, String path) {
            this.server = server;
            this.protocol = protocol;
            this.path = path;
        }

        @Override
        public String protocol() {
            return protocol;
        }

        @Override
        public boolean isServer() {
            return server;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Executor executor() {
            return exec;
        }

        @Override
        public void handler(Handler h) {
            exec.execute(() -> {
                handler = h;
                beforeHandler.forEach(Runnable::run);
                beforeHandler.clear();
            });
        }

        /**
         * Stops (or resumes) handing bytes to this end's stream handlers; bytes wait, counted as
         * queued by the sender.
         *
         * @param pause true to stall
         */
        public void pauseReading(boolean pause) {
            exec.execute(() -> {
                paused = pause;
                if (!pause) {
                    while (!held.isEmpty()) {
                        held.poll().run();
                    }
                }
            });
        }

        /** Runs {@code r} on this end's executor, held while paused. */
        void deliver(Runnable r) {
            exec.execute(() -> {
                if (paused && !closed) {
                    held.add(r);
                } else {
                    r.run();
                }
            });
        }

        private void onHandler(Runnable r) {
            if (handler != null) {
                r.run();
            } else {
                beforeHandler.add(r);
            }
        }

        private long id(boolean uni, long n) {
            return n << 2 | (uni ? 2 : 0) | (server ? 1 : 0);
        }

        @Override
        public CompletableFuture<MuxStream> openBidi() {
            CompletableFuture<MuxStream> f = new CompletableFuture<>();
            if (closed) {
                f.completeExceptionally(new MuxStreamException(MuxStreamException.CONNECTION_CLOSED, "closed"));
                return f;
            }
            long id = id(false, nextBidi.getAndIncrement());
            Pipe out = new Pipe(this, peer, id);
            Pipe in = new Pipe(peer, this, id);
            View mine = new View(id, out, in);
            View theirs = new View(id, in, out);
            peer.deliver(() -> peer.onHandler(() -> {
                if (!peer.closed) {
                    peer.handler.onBidiStream(theirs);
                }
            }));
            exec.execute(() -> f.complete(mine));
            return f;
        }

        @Override
        public CompletableFuture<MuxSendStream> openUni() {
            CompletableFuture<MuxSendStream> f = new CompletableFuture<>();
            if (closed) {
                f.completeExceptionally(new MuxStreamException(MuxStreamException.CONNECTION_CLOSED, "closed"));
                return f;
            }
            long id = id(true, nextUni.getAndIncrement());
            Pipe out = new Pipe(this, peer, id);
            View mine = new View(id, out, null);
            View theirs = new View(id, null, out);
            peer.deliver(() -> peer.onHandler(() -> {
                if (!peer.closed) {
                    peer.handler.onUniStream(theirs);
                }
            }));
            exec.execute(() -> f.complete(mine));
            return f;
        }

        @Override
        public void close(long code, String reason) {
            exec.execute(() -> end(new MuxCloseReason(code, reason, false, null)));
            peer.exec.execute(() -> peer.end(new MuxCloseReason(code, reason, true, null)));
        }

        private void end(MuxCloseReason reason) {
            if (closed) {
                return;
            }
            closed = true;
            while (!held.isEmpty()) {
                held.poll().run();
            }
            List<Pipe> all;
            synchronized (pipes) {
                all = new ArrayList<>(pipes);
                pipes.clear();
            }
            for (Pipe p : all) {
                p.connectionEnded();
            }
            onHandler(() -> handler.onClosed(reason));
            closeFuture.complete(reason);
        }

        @Override
        public CompletableFuture<MuxCloseReason> closeFuture() {
            return closeFuture;
        }

        void register(Pipe p) {
            synchronized (pipes) {
                pipes.add(p);
            }
        }

        boolean isClosed() {
            return closed;
        }

        /** @return bytes this end wrote on any stream that the other end has not read yet */
        public long queuedBytes() {
            long q = 0;
            synchronized (pipes) {
                for (Pipe p : pipes) {
                    if (p.sender == this) {
                        q += p.queued.get();
                    }
                }
            }
            return q;
        }
    }

    /** One direction of a stream: sender's send half and receiver's receive half. */
    static final class Pipe {
        final End sender;
        final End receiver;
        final long id;
        final AtomicLong queued = new AtomicLong();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile boolean sendEnded;
        volatile boolean resetFlag;
        // receiver-executor state
        MuxRecvStream.Handler handler;
        final List<Runnable> early = new ArrayList<>();
        boolean recvStopped;
        boolean recvEnded;

        Pipe(End sender, End receiver, long id) {
            this.sender = sender;
            this.receiver = receiver;
            this.id = id;
            sender.register(this);
            receiver.register(this);
        }

        void write(ByteBuf data) {
            if (sendEnded || sender.isClosed()) {
                data.release();
                return;
            }
            int n = data.readableBytes();
            queued.addAndGet(n);
            receiver.deliver(() -> {
                if (!resetFlag) {
                    queued.addAndGet(-n);
                }
                if (resetFlag || recvStopped || recvEnded || receiver.isClosed()) {
                    data.release();
                } else {
                    recv(() -> handler.onData(data), data);
                }
            });
        }

        private void recv(Runnable r, ByteBuf orphan) {
            if (handler != null) {
                r.run();
            } else {
                early.add(r);
            }
        }

        void finish() {
            if (sendEnded) {
                return;
            }
            sendEnded = true;
            receiver.deliver(() -> {
                if (!resetFlag && !recvEnded && !receiver.isClosed()) {
                    recvEnded = true;
                    recv(() -> handler.onFin(), null);
                }
                sender.exec.execute(() -> done.complete(null));
            });
        }

        void reset(long code) {
            if (done.isDone() || resetFlag) {
                return;
            }
            sendEnded = true;
            resetFlag = true;
            // As in QUIC, a reset drops what was queued: it no longer counts.
            queued.set(0);
            done.completeExceptionally(new MuxStreamException(code, "reset by this side"));
            receiver.deliver(() -> {
                if (!recvEnded && !receiver.isClosed()) {
                    recvEnded = true;
                    recv(() -> handler.onReset(code), null);
                }
            });
        }

        void stopSending(long code) {
            recvStopped = true;
            sender.exec.execute(() -> {
                if (!done.isDone()) {
                    sendEnded = true;
                    resetFlag = true;
                    queued.set(0);
                    done.completeExceptionally(new MuxStreamException(code, "stopped by the peer"));
                }
            });
        }

        void setHandler(MuxRecvStream.Handler h) {
            handler = h;
            early.forEach(Runnable::run);
            early.clear();
        }

        void connectionEnded() {
            sendEnded = true;
            done.completeExceptionally(new MuxStreamException(MuxStreamException.CONNECTION_CLOSED, "connection closed"));
        }
    }

    /** One end's view of a stream. */
    static final class View implements MuxStream {
        private final long id;
        private final Pipe out;
        private final Pipe in;

        View(long id, Pipe out, Pipe in) {
            this.id = id;
            this.out = out;
            this.in = in;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public void write(ByteBuf data) {
            out.write(data);
        }

        @Override
        public void finish() {
            out.finish();
        }

        @Override
        public void reset(long code) {
            out.reset(code);
        }

        @Override
        public long queuedBytes() {
            return out.queued.get();
        }

        @Override
        public CompletableFuture<Void> done() {
            return out.done;
        }

        @Override
        public void handler(Handler handler) {
            in.setHandler(handler);
        }

        @Override
        public void stopSending(long code) {
            in.stopSending(code);
        }
    }
}
