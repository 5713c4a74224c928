package io.github.moqmux.catalog;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a broadcast's catalog on its two catalog tracks (DESIGN §3): {@value #JSON_TRACK} (the
 * hang JSON of {@link Catalog#toJson()}) and {@value #MSF_TRACK} (the MSF JSON of
 * {@link Catalog#toMsfJson()}), both priority {@value #PRIORITY}. Every published change is one new
 * group holding one frame with the whole catalog, on each track, so a subscriber that joins at the
 * latest group has the current catalog.
 *
 * <p>Logging (SLF4J, logger {@code io.github.moqmux.catalog.CatalogProducer}): one INFO line per
 * published change.
 *
 * <p>Thread-safe: several importers may share one producer; {@link #update} calls are serialised,
 * and the catalog tracks are written only from inside them.
 *
 * <pre>{@code
 * try (CatalogProducer catalog = new CatalogProducer(broadcast)) {
 *     catalog.update(c -> c.withVideoRendition("0.hang", video).withAudioRendition("1.hang", audio));
 *     ...
 * }
 * }</pre>
 */
public final class CatalogProducer implements AutoCloseable {
    /** Name of the hang catalog track. */
    public static final String JSON_TRACK = "catalog.json";
    /** Name of the MSF catalog track. */
    public static final String MSF_TRACK = "catalog";
    /** Priority of both catalog tracks: above media, so players can start decoding early. */
    public static final int PRIORITY = 100;

    private static final Logger log = LoggerFactory.getLogger(CatalogProducer.class);

    private final TrackProducer jsonTrack;
    private final TrackProducer msfTrack;
    private Catalog current = Catalog.empty();
    /** The JSON of {@link #current}; what a change is compared against to detect a no-op. */
    private String currentJson = current.toJson();
    private boolean closed;
    /** Changes published so far, for the log. */
    private long published;

    /**
     * Creates both catalog tracks on the broadcast. Nothing is published until the first
     * {@link #update} that changes the (empty) catalog.
     *
     * @param broadcast the broadcast to publish on
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if a catalog track already exists
     */
    public CatalogProducer(BroadcastProducer broadcast) {
        Objects.requireNonNull(broadcast, "broadcast");
        jsonTrack = broadcast.createTrack(new Track(JSON_TRACK, PRIORITY));
        try {
            msfTrack = broadcast.createTrack(new Track(MSF_TRACK, PRIORITY));
        } catch (RuntimeException e) {
            jsonTrack.abort(e);
            throw e;
        }
    }

    /** @return the catalog as last changed by {@link #update} */
    public synchronized Catalog current() {
        return current;
    }

    /**
     * Applies a change to the catalog. If the resulting JSON differs from the current one, publishes
     * one new group holding one frame on each track: {@value #JSON_TRACK} gets
     * {@link Catalog#toJson()} and {@value #MSF_TRACK} gets {@link Catalog#toMsfJson()}, both
     * UTF-8. A change that leaves the JSON as it was publishes nothing. Make all changes of one
     * batch (all tracks of a {@code moov}) in one call, so they are published once.
     *
     * <p>If publishing fails, the catalog stays as it was, so the same change may be retried.
     *
     * @param change computes the new catalog from the current one; called under this producer's lock,
     *               so it should be quick and must not call back into this producer
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} after {@link #close()}
     */
    public synchronized void update(UnaryOperator<Catalog> change) {
        Objects.requireNonNull(change, "change");
        if (closed) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "catalog producer is closed");
        }
        Catalog next = Objects.requireNonNull(change.apply(current), "change returned null");
        String json = next.toJson();
        if (json.equals(currentJson)) {
            return;
        }
        String msf = next.toMsfJson();
        publish(jsonTrack, json);
        publish(msfTrack, msf);
        current = next;
        currentJson = json;
        published++;
        log.info("catalog #{}: {} video and {} audio rendition(s)",
                published, next.video().renditions().size(), next.audio().renditions().size());
    }

    private static void publish(TrackProducer track, String text) {
        GroupProducer group = track.appendGroup();
        try {
            group.writeFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
            group.finish();
        } catch (RuntimeException e) {
            group.abort(e);
            throw e;
        }
    }

    /** Finishes both catalog tracks. Idempotent; later {@link #update} calls fail. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            jsonTrack.finish();
        } finally {
            msfTrack.finish();
        }
    }
}
