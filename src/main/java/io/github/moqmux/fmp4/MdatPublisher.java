package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.mp4.Moof;
import io.github.moqmux.mp4.Traf;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the samples of one {@code mdat} as its bytes arrive (or, in whole-mdat mode, once it is
 * complete): plans every track fragment up front ({@link #start}), hands each sample on as a
 * retained slice as soon as all of its bytes are present ({@link #resume}), and lets the reader
 * release the bytes no pending sample needs. Owns the plans, the open mdat and its
 * {@link MdatContext}; one catalog update per mdat for what its fragments changed.
 */
final class MdatPublisher {
    private final ImportContext ctx;
    private final SampleResolver resolver;
    private final FlatSampleResolver flatResolver;
    /** One plan per traf of the open mdat's moof; reused, only the first {@link #planCount} are live. */
    private final List<TrafPlan> plans = new ArrayList<>();
    private int planCount;
    /** The mdat whose samples are being published, or null between mdats. */
    private MdatHeader openMdat;
    private MdatContext openContext;
    /** The one context, refilled for each mdat. */
    private final MdatContext context = new MdatContext();
    /** Whether the open mdat is described by the moov's sample tables rather than a moof. */
    private boolean tableMode;
    /** Sequence numbers for fragments written from sample tables. */
    private long tableFragments;

    MdatPublisher(ImportContext ctx, SampleResolver resolver) {
        this.ctx = ctx;
        this.resolver = resolver;
        this.flatResolver = new FlatSampleResolver(ctx);
    }

    /** @return the open mdat, or null between mdats */
    MdatHeader openMdat() {
        return openMdat;
    }

    /** @return whether a moof's mdat or the moov's sample tables could describe an mdat now */
    boolean hasTableSamples() {
        return ctx.tracks.values().stream().anyMatch(t -> t.table != null);
    }

    /**
     * Samples the moov's sample tables declare are owed until their bytes arrived: a regular MP4
     * that ends early (right after its moov, say) is truncated, not an empty success.
     *
     * @param end the stream offset where the input ended
     * @return the error to report when the input ends here, or null when nothing is owed
     */
    MoqMuxException owedTableSamples(long end) {
        for (ImportedTrack track : ctx.tracks.values()) {
            if (track.table != null && track.table.hasNext() || tableMode && openMdat != null) {
                String which = track.table != null && track.table.hasNext()
                    ? "track " + track.trackId + " still owes sample " + (track.table.peek().index + 1)
                      + " and the rest its sample tables declare"
                    : "the samples of the mdat at byte " + openMdat.offset() + " are incomplete";
                return new MoqMuxException(Kind.TRUNCATED, end, "input ended before all samples arrived: " + which);
            }
        }
        return null;
    }

    /**
     * Opens an mdat: resolves and validates every sample of {@code moof} (or plans from the sample
     * tables when it is null), starts the track fragments, and consumes the mdat header.
     *
     * @param header  the mdat's header, at {@code in}'s reader index
     * @param in      the input
     * @param flat    the moof describing the mdat, or null for the sample tables
     * @param moofBox the moof's bytes when the container keeps source fragments, or null; ownership
     *                passes to this publisher
     */
    void start(MdatHeader header, ByteBuf in, FlatMoof flat, ByteBuf moofBox) {
        if (flat == null) {
            openContext = context.set(header, null, null, null, ++tableFragments);
            openMdat = header;
            tableMode = true;
            planCount = 0;
            for (ImportedTrack track : ctx.tracks.values()) {
                TrafPlan plan = nextPlan(track);
                if (!resolver.fromTable(plan, header)) {
                    planCount--;
                }
            }
            beginFragments(header, in);
            return;
        }
        // A moofBox that holds the whole fragment holds the mdat header too.
        boolean separateHeader = moofBox != null && moofBox.readableBytes() == flat.size;
        ByteBuf mdatHeaderBox = separateHeader ? in.retainedSlice(in.readerIndex(), header.headerSize()) : null;
        openContext = context.set(header, flat, moofBox, mdatHeaderBox, flat.sequenceNumber);
        openMdat = header;
        if (flat.typed == null) {
            planFlat(flat, header);
            beginFragments(header, in);
            return;
        }
        Moof moof = flat.typed;

        long previousTrafEnd = moof.offset();
        List<Traf> trafs = moof.trafs();
        long maxSamples = SampleChecks.maxSamples(moof.size(), header);
        long declared = 0;
        for (Traf traf : trafs) {
            for (int r = 0; r < traf.truns().size(); r++) {
                declared += traf.truns().get(r).sampleCount();
                SampleChecks.checkSampleCount(declared, maxSamples, traf.trunOffset(r));
            }
        }
        planCount = 0;
        for (int t = 0; t < trafs.size(); t++) {
            Traf traf = trafs.get(t);
            ImportedTrack track = ctx.tracks.get(traf.tfhd().trackId());
            if (track == null && !ctx.declaredTrackIds.contains(traf.tfhd().trackId())) {
                throw new MoqMuxException(Kind.MALFORMED, traf.offset(), "traf for track id "
                    + traf.tfhd().trackId() + ", which the moov does not declare");
            }
            TrafPlan plan = nextPlan(track);
            previousTrafEnd = resolver.fromTraf(traf, t == 0, moof, previousTrafEnd, header, plan);
            if (track != null) {
                plan.from = track.firstPublished(plan.batch);
            }
            plan.ready();
        }
        // Every sample is known to lie inside the mdat: only now do fragments begin, so a bad
        // moof publishes nothing.
        beginFragments(header, in);
    }

    /**
     * Plans every traf of a moof read by the {@link FlatMoofReader}: the same checks, in the same
     * order, as the loop over typed boxes in {@link #start}.
     */
    private void planFlat(FlatMoof moof, MdatHeader header) {
        long maxSamples = SampleChecks.maxSamples(moof.size, header);
        long declared = 0;
        for (int r = 0; r < moof.runTotal; r++) {
            declared += moof.runSamples[r];
            SampleChecks.checkSampleCount(declared, maxSamples, moof.runOffset[r]);
        }
        long previousTrafEnd = moof.offset;
        planCount = 0;
        for (int t = 0; t < moof.trafCount; t++) {
            long trackId = moof.trackId[t];
            if (!flatResolver.find(trackId)) {
                throw new MoqMuxException(Kind.MALFORMED, moof.trafOffset[t], "traf for track id "
                    + trackId + ", which the moov does not declare");
            }
            ImportedTrack track = flatResolver.track();
            TrafPlan plan = nextPlan(track);
            previousTrafEnd = flatResolver.fromTraf(moof, t, previousTrafEnd, header, plan);
            if (track != null) {
                plan.from = track.firstPublished(plan.batch);
            }
            plan.ready();
        }
    }

    /** Begins the planned track fragments and consumes the mdat header: the samples follow. */
    private void beginFragments(MdatHeader header, ByteBuf in) {
        // Only the first live traf of each track begins now (busy marks the tracks begun); a later
        // traf of the same track begins in resume once the earlier one has ended.
        for (int p = 0; p < planCount; p++) {
            TrafPlan plan = plans.get(p);
            if (!plan.done() && !plan.track.busy) {
                begin(plan);
                plan.track.busy = true;
            }
        }
        for (int p = 0; p < planCount; p++) {
            if (plans.get(p).track != null) {
                plans.get(p).track.busy = false;
            }
        }
        in.skipBytes(header.headerSize());
        ctx.position += header.headerSize();
    }

    private void begin(TrafPlan plan) {
        plan.begun = true;
        plan.track.output.beginFragment(plan.batch, plan.from, openContext);
    }

    private TrafPlan nextPlan(ImportedTrack track) {
        if (planCount == plans.size()) {
            plans.add(new TrafPlan());
        }
        TrafPlan plan = plans.get(planCount++);
        plan.reset(track);
        return plan;
    }

    /**
     * Publishes every sample whose bytes are all present, then releases the bytes no pending
     * sample needs (the reader index moves to the lowest start of a pending sample). When the
     * mdat is complete it is closed; the caller skips its remaining bytes.
     *
     * @return whether the mdat is complete
     */
    boolean resume(ByteBuf in) {
        long position = ctx.position;
        long available = position + in.readableBytes();
        long mdatEnd = SampleResolver.endOf(openMdat);
        // Whole-mdat mode waits for the complete box; an mdat that runs to the end of the stream
        // has no end to wait for, so its samples go out as they arrive.
        if (!ctx.config.progressive() && !openMdat.extendsToEnd() && available < mdatEnd) {
            return false;
        }
        long lowestPending = Long.MAX_VALUE;
        for (int p = 0; p < planCount; p++) {
            TrafPlan plan = plans.get(p);
            ImportedTrack track = plan.track;
            if (track == null) {
                continue;
            }
            // Two trafs of one track in one moof: the second waits for the first, to keep order.
            while (!track.busy) {
                if (!plan.done()) {
                    if (!plan.begun) {
                        begin(plan);
                    }
                    SampleBatch batch = plan.batch;
                    boolean runs = track.takesRuns();
                    while (plan.next < batch.count && batch.position[plan.next] + batch.size[plan.next] <= available) {
                        int i = plan.next++;
                        int index = in.readerIndex() + (int) (batch.position[i] - position);
                        long runEnd = batch.position[i] + batch.size[i];
                        if (runs) {
                            // The following samples that lie right behind it and are all here: one slice.
                            while (plan.next < batch.count && batch.position[plan.next] == runEnd
                                   && runEnd + batch.size[plan.next] <= available) {
                                runEnd += batch.size[plan.next++];
                            }
                        }
                        try {
                            if (plan.next - i == 1) {
                                track.publish(batch, i, in, index, ctx.sampleListener);
                            } else {
                                track.publishRun(batch, i, plan.next, in, index, (int) (runEnd - batch.position[i]),
                                    ctx.sampleListener);
                            }
                        } catch (MoqMuxException e) {
                            throw e.atOffset(batch.position[i]);
                        }
                    }
                    if (!plan.done()) {
                        break;
                    }
                    track.endFragment(plan.batch, plan.from);
                }
                // Sample tables: plan the track's next fragment in this mdat, if any.
                if (!tableMode || !resolver.fromTable(plan, openMdat)) {
                    break;
                }
                if (!plan.done()) {
                    begin(plan);
                }
            }
            track.busy = !plan.done();
            lowestPending = Math.min(lowestPending, plan.lowestPendingStart());
            if (tableMode && track.table != null && track.table.hasNext() && track.table.peek().position < mdatEnd) {
                lowestPending = Math.min(lowestPending, track.table.peek().position);
            }
        }
        for (int p = 0; p < planCount; p++) {
            if (plans.get(p).track != null) {
                plans.get(p).track.busy = false;
            }
        }
        long release = Math.min(lowestPending, Math.min(available, mdatEnd));
        in.skipBytes((int) (release - position));
        ctx.position = release;
        if (lowestPending != Long.MAX_VALUE) {
            return false;
        }
        closeMdat();
        return true;
    }

    /** Ends the open mdat: one catalog update for everything its fragments changed. */
    private void closeMdat() {
        boolean changed = false;
        for (ImportedTrack track : ctx.tracks.values()) {
            changed |= track.publisher.takeRenditionChange();
        }
        clear();
        if (changed) {
            ctx.republishTracks();
        }
    }

    /**
     * Drops the open mdat's partial fragment frames (their samples so far are discarded, not
     * published as a short frame). No-op between mdats.
     */
    void abandon(Throwable cause) {
        if (openMdat == null) {
            return;
        }
        for (int p = 0; p < planCount; p++) {
            TrafPlan plan = plans.get(p);
            if (!plan.done() && plan.begun) {
                plan.track.output.abortFragment(cause);
            }
        }
        clear();
    }

    /** Forgets the open mdat and releases the boxes its fragments were built from. */
    private void clear() {
        openContext.release();
        openContext = null;
        openMdat = null;
        tableMode = false;
        planCount = 0;
    }
}
