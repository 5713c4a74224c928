package io.github.moqmux.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The broadcasts this process publishes, by path: what moq-lite sessions serve to their peers
 * (announce answers and subscriptions). Thread-safe; one origin is usually shared by every session
 * of a server or client.
 *
 * <p>Paths are slash-separated and compared without leading or trailing slashes, so
 * {@code "/room/alice"} and {@code "room/alice"} are the same broadcast. A session accepted on a
 * connection whose URL path is {@code /anon} serves only the broadcasts under {@code anon}, and
 * its peer names them relative to that scope, as on moq-relay.
 */
public final class MoqOrigin {
    /**
     * Receives changes of the published set. Called with the origin's lock held, in the order the
     * changes happened, so it must only hand the change on (e.g. to an executor) and never block.
     */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param path   the broadcast's normalized path
         * @param active true when published, false when unpublished
         */
        void onChange(String path, boolean active);
    }

    private final Map<String, NetworkBroadcast> broadcasts = new TreeMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Creates an empty origin. */
    public MoqOrigin() {
    }

    /**
     * Publishes a broadcast: sessions announce it and serve subscriptions to it.
     *
     * @param path      the broadcast's path
     * @param broadcast the broadcast
     * @throws IllegalStateException if a broadcast is already published at that path
     */
    public synchronized void publish(String path, NetworkBroadcast broadcast) {
        Objects.requireNonNull(broadcast, "broadcast");
        String key = Paths.normalize(path);
        if (broadcasts.putIfAbsent(key, broadcast) != null) {
            throw new IllegalStateException("a broadcast is already published at " + key);
        }
        for (Listener l : listeners) {
            l.onChange(key, true);
        }
    }

    /**
     * Stops publishing a broadcast: sessions announce its end. Subscriptions already running keep
     * reading it until its tracks end. The broadcast is not closed.
     *
     * @param path the broadcast's path
     * @return whether a broadcast was published there
     */
    public synchronized boolean unpublish(String path) {
        String key = Paths.normalize(path);
        if (broadcasts.remove(key) == null) {
            return false;
        }
        for (Listener l : listeners) {
            l.onChange(key, false);
        }
        return true;
    }

    /**
     * @param path a broadcast path
     * @return the broadcast published there, or null
     */
    public synchronized NetworkBroadcast get(String path) {
        return broadcasts.get(Paths.normalize(path));
    }

    /** @return the normalized paths of every published broadcast, sorted */
    public synchronized List<String> paths() {
        return List.copyOf(broadcasts.keySet());
    }

    /**
     * Atomically snapshots the published paths and registers a listener for later changes, so no
     * change is missed or seen twice.
     *
     * @param listener receives every change after the snapshot
     * @return the paths published at registration time, sorted
     */
    synchronized List<String> listen(Listener listener) {
        listeners.add(listener);
        return new ArrayList<>(broadcasts.keySet());
    }

    /** @param listener a listener given to {@link #listen}; no further calls after this returns */
    synchronized void unlisten(Listener listener) {
        listeners.remove(listener);
    }
}
