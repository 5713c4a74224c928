package io.github.moqmux.net;

import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.wire.Codec;
import io.github.moqmux.net.wire.Codec.Kind;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message;
import io.github.moqmux.net.wire.Message.Announce;
import io.github.moqmux.net.wire.Message.AnnounceInit;
import io.github.moqmux.net.wire.Message.AnnounceInterest;
import io.github.moqmux.net.wire.Version;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * Watches the peer's broadcasts under a prefix (an Announce stream), made by
 * {@link MoqSession#announced}. Close it to stop watching.
 */
public final class MoqAnnouncements implements AutoCloseable {
    private final MoqSession session;
    private final String prefix;
    private final MoqOrigin.Listener listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private MuxStream stream;
    private boolean closed;

    MoqAnnouncements(MoqSession session, String prefix, MoqOrigin.Listener listener) {
        this.session = session;
        this.prefix = prefix;
        this.listener = listener;
    }

    /** @return completes when the announce stream ended (by either side or with the session) */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Stops watching. Idempotent. */
    @Override
    public void close() {
        session.executor().execute(() -> {
            closed = true;
            if (stream != null) {
                stream.finish();
                stream.stopSending(ErrorCode.CANCEL);
            }
            done.complete(null);
        });
    }

    void open() {
        if (closed) {
            return;
        }
        session.openBidi().whenCompleteAsync((s, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
                return;
            }
            if (closed) {
                s.reset(ErrorCode.CANCEL);
                return;
            }
            stream = s;
            session.send(s, Codec.STREAM_ANNOUNCE, new AnnounceInterest(prefix, 0));
            session.read(s, new Parser());
        }, session.executor());
    }

    private final class Parser implements io.github.moqmux.net.InboundStream.Parser {
        private boolean first = true;

        @Override
        public int lookahead() {
            return session.config().maxMessageSize() + 16;
        }

        @Override
        public boolean parse(InboundStream in, ByteBuf hdr) {
            Version v = session.version();
            int max = session.config().maxMessageSize();
            if (first && v != Version.LITE_04) {
                Message m = Codec.read(hdr, v == Version.LITE_05 ? Kind.ANNOUNCE_OK : Kind.ANNOUNCE_INIT, v, max);
                if (m == null) {
                    return false;
                }
                first = false;
                if (m instanceof AnnounceInit init) {
                    for (String suffix : init.suffixes()) {
                        deliver(suffix, true);
                    }
                }
                return true;
            }
            Message m = Codec.read(hdr, Kind.ANNOUNCE, v, max);
            if (m == null) {
                return false;
            }
            first = false;
            Announce a = (Announce) m;
            deliver(a.suffix(), a.active());
            return true;
        }

        private void deliver(String suffix, boolean active) {
            if (!closed) {
                listener.onChange(Paths.join(prefix, suffix), active);
            }
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
            done.complete(null);
        }
    }
}
