package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.Container;
import io.github.moqmux.catalog.VideoConfig;
import io.github.moqmux.container.ContainerFormat;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.Av1C;
import io.github.moqmux.mp4.BoxWriter;
import io.github.moqmux.mp4.Colr;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Ftyp;
import io.github.moqmux.mp4.Moov;
import io.github.moqmux.mp4.SampleEntry;
import io.github.moqmux.mp4.Trak;
import io.github.moqmux.mp4.Trex;
import io.github.moqmux.mp4.VisualSampleEntry;
import io.github.moqmux.publish.TrackPublisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code moov} into the importer's tracks: validates every track and builds every
 * rendition first (so a bad track leaves no half-created broadcast behind), then replaces the
 * tracks of an earlier {@code moov}, creates the MoQ tracks and announces the renditions in one
 * catalog update.
 */
final class TrackSetup {
    private static final Logger log = LoggerFactory.getLogger(Fmp4Importer.class);
    private static final int HANDLER_VIDEO = FourCC.of("vide");
    private static final int HANDLER_AUDIO = FourCC.of("soun");

    private final ImportContext ctx;

    TrackSetup(ImportContext ctx) {
        this.ctx = ctx;
    }

    /**
     * @param newMoov the parsed moov
     * @param offset  its stream offset, for errors
     */
    void initialize(Moov newMoov, long offset) {
        Fmp4Config config = ctx.config;
        if (newMoov.traks().size() > config.maxTracks()) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, offset, "moov declares " + newMoov.traks().size()
                + " tracks, more than the limit of " + config.maxTracks() + " (Fmp4Config.maxTracks)");
        }
        Map<Long, Trex> newTrex = new HashMap<>();
        if (newMoov.mvex() != null) {
            for (Trex trex : newMoov.mvex().trex()) {
                newTrex.put(trex.trackId(), trex);
            }
        }

        List<Planned> planned = new ArrayList<>();
        List<String> notImportable = new ArrayList<>();
        boolean leftOut = false;
        Set<Long> seen = new HashSet<>();
        long shift = 0;
        for (Trak trak : newMoov.traks()) {
            long trackId = trak.tkhd().trackId();
            if (!seen.add(trackId)) {
                throw new MoqMuxException(Kind.MALFORMED, offset, "moov declares track id " + trackId + " twice");
            }
            int handler = trak.mdia().hdlr().handlerType();
            TrackKind kind = handler == HANDLER_VIDEO ? TrackKind.VIDEO : handler == HANDLER_AUDIO ? TrackKind.AUDIO : null;
            if (kind == null) {
                log.warn("skipping track {} with handler '{}': only video (vide) and audio (soun) are imported",
                    trackId, FourCC.toString(handler));
                notImportable.add("track " + trackId + " has handler '" + FourCC.toString(handler) + "'");
                continue;
            }
            if (!config.tracks().includes(kind)) {
                log.info("skipping {} track {}: Fmp4Config.tracks is {}", kind, trackId, config.tracks());
                leftOut = true;
                continue;
            }
            List<SampleEntry> entries = trak.mdia().stbl().sampleEntries();
            if (entries.isEmpty()) {
                throw new MoqMuxException(Kind.MISSING_BOX, offset, "track " + trackId + " has no sample entry (stsd)");
            }
            if (entries.size() > 1) {
                log.warn("track {} has {} sample entries; the catalog describes the first", trackId, entries.size());
            }
            Timeline timeline = Timeline.of(trak.mdia().mdhd().timescale(), newMoov.mvhd().timescale(),
                trak.editList(), offset);
            shift = Math.max(shift, timeline.shiftMicros(offset));
            planned.add(new Planned(trak, kind, entries.get(0), timeline, newTrex.get(trackId)));
        }
        if (planned.isEmpty() && !leftOut) {
            // A broadcast without any track never gets a catalog: a subscriber would wait forever.
            throw new MoqMuxException(Kind.UNSUPPORTED, offset, "nothing to import: only video (vide) and audio"
                + " (soun) tracks are imported, and " + (notImportable.isEmpty() ? "the moov declares no track"
                : String.join(", ", notImportable)));
        }
        // The configured offset moves the whole import (a file played again after itself).
        long newOffsetMicros = Math.addExact(shift, config.timeOffsetMicros());

        ContainerFormat format = config.container();
        List<Object> configs = new ArrayList<>();
        for (Planned p : planned) {
            long trackId = p.trak.tkhd().trackId();
            Container container = catalogEntry(format, p.timeline.timescale(), trackId,
                () -> BoxWriter.initSegment(ctx.ftyp, newMoov.mvhd(), p.trak, p.trex));
            if (p.kind == TrackKind.VIDEO) {
                if (!(p.entry instanceof VisualSampleEntry visual)) {
                    throw TrackConfigs.refused(p.kind, trackId, p.entry);
                }
                // An empty av1C: the rendition waits for the first in-band sequence header.
                configs.add(visual.format() == Av1C.AV01.type() && visual.config() == null ? null
                    : TrackConfigs.video(visual, container));
            } else {
                if (!(p.entry instanceof AudioSampleEntry audio)) {
                    throw TrackConfigs.refused(p.kind, trackId, p.entry);
                }
                configs.add(TrackConfigs.audio(audio, container));
            }
        }

        // A second moov (encoder restart, HLS discontinuity) replaces the first: its tracks end.
        List<String> replaced = new ArrayList<>();
        for (ImportedTrack old : ctx.tracks.values()) {
            old.output.finish();
            replaced.add(old.name);
            ctx.retired.add(old);
        }
        if (ctx.moov != null) {
            log.info("a new moov at byte {} replaces the previous one; {} track(s) finished", offset, replaced.size());
        }
        ctx.tracks.clear();
        ctx.trexById.clear();
        ctx.trexById.putAll(newTrex);
        ctx.declaredTrackIds.clear();
        ctx.declaredTrackIds.addAll(seen);
        ctx.moov = newMoov;
        ctx.offsetMicros = newOffsetMicros;

        List<ImportedTrack> created = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            Planned p = planned.get(i);
            long trackId = p.trak.tkhd().trackId();
            TrackProducer producer = ctx.broadcast.uniqueTrack(format.trackSuffix());
            Object rendition = configs.get(i);
            TrackPublisher publisher = p.kind == TrackKind.VIDEO
                ? TrackPublisher.video(producer, (VideoConfig) rendition, p.timeline.timescale(), config.progressive())
                : TrackPublisher.audio(producer, (AudioConfig) rendition, p.timeline.timescale(),
                    config.maxAudioGroupDurationMicros(), config.progressive());
            if (p.kind == TrackKind.AUDIO && TrackConfigs.declaresOnlyMaximumBitrate((AudioSampleEntry) p.entry)) {
                publisher.measureBitrate();
            }
            TrackOutput output = format instanceof ContainerFormat.Cmaf
                ? new CmafOutput(publisher, trackId, p.timeline.decodeTimeDelta(ctx.offsetMicros, offset), ctx.allocator)
                : new LegacyOutput(publisher);
            ImportedTrack track = new ImportedTrack(trackId, p.kind, p.timeline, p.trex, output);
            if (p.trak.mdia().stbl().samples().sampleCount() > 0) {
                track.table = new TableSamples(p.trak.mdia().stbl().samples());
            }
            if (p.kind == TrackKind.VIDEO && rendition == null) {
                track.resolveVideo = av1Resolver((VisualSampleEntry) p.entry, p.trak, newMoov, p.trex, offset);
                log.info("track {}: its av1C is empty; the codec comes from the first sequence header", trackId);
            }
            ctx.tracks.put(trackId, track);
            created.add(track);
            log.info("track {} ({}) → {} codec {}", trackId, p.kind, track.name, track.codec());
        }
        ctx.catalog.update(c -> {
            Catalog updated = c;
            for (String name : replaced) {
                updated = updated.withoutRendition(name);
            }
            for (ImportedTrack track : created) {
                updated = track.putInto(updated);
            }
            return updated;
        });
    }

    /** The catalog's container entry; the init segment is built only for CMAF. */
    private static Container catalogEntry(ContainerFormat format, long timescale, long trackId,
                                          Supplier<byte[]> initSegment) {
        return format instanceof ContainerFormat.Cmaf
            ? new Container.Cmaf(timescale, trackId, initSegment.get())
            : new Container.Legacy();
    }

    private record Planned(Trak trak, TrackKind kind, SampleEntry entry, Timeline timeline, Trex trex) {
    }

    /**
     * Builds the rendition of an AV1 track whose av1C is empty from its first sequence header: the
     * codec string from the header, and in CMAF an init segment with a real av1C.
     */
    private Function<Av1SequenceHeader, VideoConfig> av1Resolver(VisualSampleEntry entry, Trak trak, Moov movie,
                                                                 Trex trex, long offset) {
        Ftyp initFtyp = ctx.ftyp;
        ContainerFormat format = ctx.config.container();
        return header -> {
            Av1C av1c = new Av1C(header.profile(), header.level(),
                header.highTier(), header.highBitdepth(), header.twelveBit(), header.monochrome(),
                header.subsamplingX(), header.subsamplingY(), header.chromaSamplePosition(), header.obu());
            Colr colr = new Colr(FourCC.of("nclx"), header.colourPrimaries(),
                header.transferCharacteristics(), header.matrixCoefficients(), header.fullRange());
            VisualSampleEntry resolved = new VisualSampleEntry(entry.format(), entry.width(), entry.height(), av1c,
                entry.pasp(), colr, entry.btrt(), entry.offset());
            Container container = catalogEntry(format, trak.mdia().mdhd().timescale(), trak.tkhd().trackId(),
                () -> BoxWriter.initSegment(initFtyp, movie.mvhd(), new Trak(trak.tkhd(), trak.editList(), trak.mdia(),
                    BoxWriter.withAv1C(trak.initSegmentTrak(), header.av1cPayload())), trex));
            return TrackConfigs.video(resolved, container);
        };
    }
}
