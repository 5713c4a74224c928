package io.github.moqmux.lite;

import io.github.moqmux.MoqMuxException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The producer contract of a track, written once: group sequence numbers (0, 1, 2, … in append
 * order), no groups after the end, and a single end (finish or abort). A transport implements
 * only what a new group is ({@link #onAppendGroup}) and what an end means ({@link #onFinish},
 * {@link #onAbort}); its groups usually extend {@link AbstractGroupProducer}.
 *
 * <pre>{@code
 * final class LogTrack extends AbstractTrackProducer {
 *     LogTrack(Track info) { super(info); }
 *     protected GroupProducer onAppendGroup(long sequence) { return new LogGroup(sequence); }
 *     protected void onFinish() { log.info("{} ended", info().name()); }
 *     protected void onAbort(Throwable cause) { log.warn("{} failed", info().name(), cause); }
 * }
 * }</pre>
 *
 * <h2>Ends</h2>
 * The first end wins and its hook runs once: {@link #finish()} and {@link #abort} of an ended
 * track do nothing (so cleanup paths may call them unconditionally), even when two threads end
 * the track at the same time. An abort does not end the track's open groups; a subclass that
 * wants them ended does so in {@link #onAbort} (groups and frames already finished stay valid).
 *
 * <h2>Threads</h2>
 * One producer thread appends groups (the importer's contract); {@code finish}/{@code abort} may
 * come from another thread (a broadcast being closed) and still end the track once. The end state
 * is visible to any thread through {@link #isOpen()}, {@link #isFinished()} and
 * {@link #abortCause()}.
 */
public abstract class AbstractTrackProducer implements TrackProducer {
    private static final Object OPEN = new Object();
    private static final Object FINISHED = new Object();
    private static final AtomicReferenceFieldUpdater<AbstractTrackProducer, Object> END =
            AtomicReferenceFieldUpdater.newUpdater(AbstractTrackProducer.class, Object.class, "end");

    private final Track info;
    /** {@link #OPEN}, {@link #FINISHED} or the abort cause; changes once. */
    private volatile Object end = OPEN;
    private long nextSequence;

    /** @param info the track's name and priority */
    protected AbstractTrackProducer(Track info) {
        this.info = Objects.requireNonNull(info, "info");
    }

    @Override
    public final Track info() {
        return info;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Refuses a group after the end; otherwise asks {@link #onAppendGroup} for the group with
     * the next sequence number. If that hook throws, the number is not used up.
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the track has ended (or whatever
     *     {@link #onAppendGroup} throws)
     */
    @Override
    public final GroupProducer appendGroup() {
        Object e = end;
        if (e != OPEN) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "cannot append a group to track "
                    + info.name() + ": it is " + (e == FINISHED ? "finished" : "aborted"));
        }
        GroupProducer group = onAppendGroup(nextSequence);
        nextSequence++;
        return group;
    }

    /** {@inheritDoc} Calls {@link #onFinish} once, and only if the track was open. */
    @Override
    public final void finish() {
        if (END.compareAndSet(this, OPEN, FINISHED)) {
            onFinish();
        }
    }

    /** {@inheritDoc} Calls {@link #onAbort} once, and only if the track was open. */
    @Override
    public final void abort(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        if (END.compareAndSet(this, OPEN, cause)) {
            onAbort(cause);
        }
    }

    /** @return the sequence number the next appended group will get */
    protected final long nextSequence() {
        return nextSequence;
    }

    /** @return whether neither {@link #finish()} nor {@link #abort} has ended the track */
    protected final boolean isOpen() {
        return end == OPEN;
    }

    /** @return whether the track was finished normally */
    protected final boolean isFinished() {
        return end == FINISHED;
    }

    /** @return the cause the track was aborted with, or {@code null} if it was not aborted */
    protected final Throwable abortCause() {
        Object e = end;
        return e instanceof Throwable t ? t : null;
    }

    /**
     * Makes the group with this sequence number; called only while the track is open.
     *
     * @param sequence the group's sequence number, one more than the last group's
     * @return the new group
     */
    protected abstract GroupProducer onAppendGroup(long sequence);

    /** Called once when the open track is finished. The default does nothing. */
    protected void onFinish() {
    }

    /**
     * Called once when the open track is aborted. The default does nothing.
     *
     * @param cause why the track ended, not null
     */
    protected void onAbort(Throwable cause) {
    }
}
