package io.github.moqmux.fmp4;

import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.mp4.Ftyp;
import io.github.moqmux.mp4.Moov;
import io.github.moqmux.mp4.Trex;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the parts of one importer share: where the stream is, the current {@code moov} and its
 * tracks, and where output goes. Each part changes only the fields its job is about: the
 * {@link TopLevelReader} and the {@link MdatPublisher} advance {@link #position}, {@link TrackSetup}
 * replaces the movie. Mutable; owned by one importer and its thread.
 */
final class ImportContext {
    final BroadcastProducer broadcast;
    final CatalogProducer catalog;
    final Fmp4Config config;
    final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;

    /** Absolute stream offset of the next byte {@code decode} will consume. */
    long position;
    Ftyp ftyp;
    /** The current moov, or null before the first. */
    Moov moov;
    /** Imported tracks of the current moov, by MP4 track id, in moov order. */
    final Map<Long, ImportedTrack> tracks = new LinkedHashMap<>();
    /** Defaults of every track of the current moov, imported or not: positions of skipped tracks' samples need them. */
    final Map<Long, Trex> trexById = new HashMap<>();
    /** Every track id the current moov declares, imported or skipped. */
    final Set<Long> declaredTrackIds = new HashSet<>();
    /** Tracks of earlier moovs, kept for the importer's stats. */
    final List<ImportedTrack> retired = new ArrayList<>();
    /** Microseconds added to every timestamp so no track starts negative (DESIGN §7). */
    long offsetMicros;
    SampleListener sampleListener;
    /**
     * Whether moofs are read by the typed {@code mp4} parser and resolved from its boxes instead of
     * by {@link FlatMoofReader}: only the differential test sets it.
     */
    boolean typedMoofReader;

    ImportContext(BroadcastProducer broadcast, CatalogProducer catalog, Fmp4Config config) {
        this.broadcast = broadcast;
        this.catalog = catalog;
        this.config = config;
    }

    /** Publishes the catalog with every current track's rendition put in again: one update. */
    void republishTracks() {
        catalog.update(c -> {
            Catalog updated = c;
            for (ImportedTrack track : tracks.values()) {
                updated = track.putInto(updated);
            }
            return updated;
        });
    }

    /** @return the largest sample the importer may have to hold (see {@link Fmp4Config#progressive()}) */
    long largestBufferedSample() {
        // Progressive publishing buffers at most one sample, bounded like a box; whole-mdat mode
        // bounds the mdat instead.
        return config.progressive() ? config.maxBoxSize() : Long.MAX_VALUE;
    }
}
