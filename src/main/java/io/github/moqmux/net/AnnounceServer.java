package io.github.moqmux.net;

import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.wire.Codec.Kind;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message;
import io.github.moqmux.net.wire.Message.Announce;
import io.github.moqmux.net.wire.Message.AnnounceInit;
import io.github.moqmux.net.wire.Message.AnnounceInterest;
import io.github.moqmux.net.wire.Message.AnnounceOk;
import io.github.moqmux.net.wire.Version;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Serves an Announce stream the peer opened: the origin's broadcasts under the requested prefix
 * (in the version's shape: lite-02 ANNOUNCE_INIT, lite-05 ANNOUNCE_OK then one ANNOUNCE each,
 * lite-04 the ANNOUNCEs alone), then every change until either side ends the stream.
 *
 * <p>Runs on the session's executor; origin changes are moved onto it.
 */
final class AnnounceServer extends RequestParser {
    private final MuxStream stream;
    private String prefix;
    private MoqOrigin.Listener listener;
    /** Suffixes announced as active on this stream, so that each change is sent once. */
    private final Set<String> active = new HashSet<>();

    AnnounceServer(MoqSession session, MuxStream stream) {
        super(session, Kind.ANNOUNCE_INTEREST);
        this.stream = stream;
    }

    @Override
    void answer(Message request) {
        prefix = session.scoped(((AnnounceInterest) request).prefix());
        listener = (path, isActive) -> session.executor().execute(() -> change(path, isActive));
        List<String> initial = new ArrayList<>();
        for (String path : session.origin().listen(listener)) {
            String suffix = Paths.stripPrefix(path, prefix);
            if (suffix != null) {
                initial.add(suffix);
                active.add(suffix);
            }
        }
        // Reads the field when the session ends: by then end() may have unlistened already.
        Runnable unlisten = () -> session.origin().unlisten(listener);
        session.addCleanup(unlisten);
        Version version = session.version();
        if (version == Version.LITE_02) {
            session.send(stream, -1, new AnnounceInit(initial));
        } else {
            if (version == Version.LITE_05) {
                session.send(stream, -1, new AnnounceOk(session.originId(), initial.size()));
            }
            for (String suffix : initial) {
                session.send(stream, -1, new Announce(true, suffix, List.of()));
            }
        }
    }

    @Override
    boolean afterRequest(ByteBuf hdr) {
        throw unexpected("message after ANNOUNCE_INTEREST");
    }

    private void change(String path, boolean isActive) {
        if (!session.isOpen() || listener == null) {
            return;
        }
        String suffix = Paths.stripPrefix(path, prefix);
        if (suffix == null || (isActive ? !active.add(suffix) : !active.remove(suffix))) {
            return;
        }
        session.send(stream, -1, new Announce(isActive, suffix, List.of()));
    }

    @Override
    public void end(InboundStream in, boolean fin, long code, boolean midItem) {
        if (listener != null) {
            session.origin().unlisten(listener);
            listener = null;
        }
        if (fin) {
            stream.finish();
        } else {
            stream.reset(ErrorCode.CANCEL);
        }
    }
}
