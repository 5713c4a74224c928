package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The broadcast a looping {@code serve} gives each pass's importer: the first pass creates the
 * media tracks on the target; every later pass ({@link #nextPass()}) gets the same tracks again,
 * in the order they were created, so its frames continue the first pass's tracks (same names,
 * group sequences continuing) instead of creating {@code 2.hang}. An importer's {@code finish()}
 * ends its groups but not the tracks: they run on into the next pass.
 *
 * <p>Only tracks made by {@link #uniqueTrack(String, int)} are reused, which is how the importer
 * names its tracks; the catalog tracks are created on the target directly, once.
 *
 * <p>Threads: one importer thread, like the importer.
 */
final class LoopTracks implements BroadcastProducer {
    private final BroadcastProducer target;
    /** The first pass's tracks, in creation order. */
    private final List<TrackProducer> created = new ArrayList<>();
    private boolean again;
    private int next;

    /** @param target where the first pass's tracks are created */
    LoopTracks(BroadcastProducer target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Starts another pass: its importer gets the first pass's tracks again, in order. */
    void nextPass() {
        again = true;
        next = 0;
    }

    @Override
    public TrackProducer createTrack(Track track) {
        // The importer only names tracks through uniqueTrack: a fixed name cannot be reused safely.
        throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "a looping import creates tracks by uniqueTrack");
    }

    @Override
    public TrackProducer uniqueTrack(String suffix, int priority) {
        if (!again) {
            TrackProducer track = target.uniqueTrack(suffix, priority);
            created.add(track);
            return new Continued(track);
        }
        if (next >= created.size() || !created.get(next).info().name().endsWith(suffix)) {
            // The same file always declares the same tracks; anything else is not a loop of it.
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                    "the input's tracks changed between passes of --loop");
        }
        return new Continued(created.get(next++));
    }

    @Override
    public boolean hasTrack(String name) {
        return target.hasTrack(name);
    }

    /** A pass's view of a track: everything but the end goes through. */
    private record Continued(TrackProducer down) implements TrackProducer {
        @Override
        public Track info() {
            return down.info();
        }

        @Override
        public GroupProducer appendGroup() {
            return down.appendGroup();
        }

        @Override
        public void finish() {
            // The pass ended, not the track: the next pass appends its groups to it.
        }

        @Override
        public void abort(Throwable cause) {
            down.abort(cause);
        }
    }
}
