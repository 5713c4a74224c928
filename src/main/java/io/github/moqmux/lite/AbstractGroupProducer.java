package io.github.moqmux.lite;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The producer contract of a group, written once: its sequence number, no frames after the end,
 * the release of buffers refused, the size/timestamp and header+payload variants of
 * {@code createFrame}/{@code writeFrame} funnelled into one hook, and a single end (finish or
 * abort). A transport implements only what a frame is ({@link #onCreateFrame}, usually an
 * {@link AbstractFrameProducer}) and what an end means ({@link #onFinish}, {@link #onAbort}).
 *
 * <pre>{@code
 * final class LogGroup extends AbstractGroupProducer {
 *     LogGroup(long sequence) { super(sequence); }
 *     protected FrameProducer onCreateFrame(long size, long timestampMicros) {
 *         return new LogFrame(size, timestampMicros);          // an AbstractFrameProducer
 *     }
 * }
 * }</pre>
 *
 * <h2>Buffer ownership</h2>
 * Buffers passed to {@link #writeFrame(ByteBuf)} and {@link #writeFrame(long, ByteBuf, ByteBuf)}
 * belong to this group from the call on. A refused write (after the end, or when
 * {@link #onCreateFrame} throws) releases them here, once, before throwing; an accepted one
 * passes them to the frame from {@link #onCreateFrame}, whose {@link FrameProducer#write} owns them
 * from then on (and releases them also when it throws). So every buffer is released exactly once,
 * by whoever holds it last; the caller never releases a buffer it handed over.
 *
 * <h2>Ends</h2>
 * The first end wins and its hook runs once: {@link #finish()} and {@link #abort} of an ended
 * group do nothing, even from two threads at once. {@link #finish()} first asks
 * {@link #checkFinishable()}, which may refuse (for example while a frame is unfinished); a
 * refused group stays open and can still be aborted.
 *
 * <h2>Threads</h2>
 * One producer thread writes a group. The end state is visible to any thread through
 * {@link #isOpen()}, {@link #isFinished()} and {@link #abortCause()}.
 */
public abstract class AbstractGroupProducer implements GroupProducer {
    private static final Object OPEN = new Object();
    private static final Object FINISHED = new Object();
    private static final AtomicReferenceFieldUpdater<AbstractGroupProducer, Object> END =
            AtomicReferenceFieldUpdater.newUpdater(AbstractGroupProducer.class, Object.class, "end");

    private final long sequence;
    /** {@link #OPEN}, {@link #FINISHED} or the abort cause; changes once. */
    private volatile Object end = OPEN;

    /** @param sequence the group's sequence number within its track */
    protected AbstractGroupProducer(long sequence) {
        this.sequence = sequence;
    }

    @Override
    public final long sequence() {
        return sequence;
    }

    /**
     * {@inheritDoc}
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the group has ended or the size is
     *     negative (or whatever {@link #onCreateFrame} throws)
     */
    @Override
    public final FrameProducer createFrame(long size) {
        return createFrame(size, FrameProducer.NO_TIMESTAMP);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Both {@code createFrame} variants and both {@code writeFrame} variants arrive here after
     * the checks, then at {@link #onCreateFrame}.
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the group has ended or the size is
     *     negative (or whatever {@link #onCreateFrame} throws)
     */
    @Override
    public final FrameProducer createFrame(long size, long timestampMicros) {
        Object e = end;
        if (e != OPEN) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "cannot create a frame in " + this
                    + ": it is " + (e == FINISHED ? "finished" : "aborted"));
        }
        if (size < 0) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "negative frame size " + size + " in " + this);
        }
        return onCreateFrame(size, timestampMicros);
    }

    /**
     * {@inheritDoc}
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the group has ended; the frame is
     *     released
     */
    @Override
    public final void writeFrame(ByteBuf frame) {
        writeFrame(FrameProducer.NO_TIMESTAMP, frame);
    }

    /**
     * {@inheritDoc}
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the group has ended; the frame is
     *     released
     */
    @Override
    public final void writeFrame(long timestampMicros, ByteBuf frame) {
        GroupProducer.super.writeFrame(timestampMicros, Objects.requireNonNull(frame, "frame"));
    }

    /**
     * {@inheritDoc}
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if the group has ended; both buffers
     *     are released
     */
    @Override
    public final void writeFrame(long timestampMicros, ByteBuf header, ByteBuf payload) {
        GroupProducer.super.writeFrame(timestampMicros, Objects.requireNonNull(header, "header"),
            Objects.requireNonNull(payload, "payload"));
    }

    /**
     * {@inheritDoc}
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} if {@link #checkFinishable()} refuses
     *     (the group stays open)
     */
    @Override
    public final void finish() {
        if (end != OPEN) {
            return;
        }
        checkFinishable();
        if (END.compareAndSet(this, OPEN, FINISHED)) {
            onFinish();
        }
    }

    /** {@inheritDoc} Calls {@link #onAbort} once, and only if the group was open. */
    @Override
    public final void abort(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        if (END.compareAndSet(this, OPEN, cause)) {
            onAbort(cause);
        }
    }

    /** @return whether neither {@link #finish()} nor {@link #abort} has ended the group */
    protected final boolean isOpen() {
        return end == OPEN;
    }

    /** @return whether the group was finished normally */
    protected final boolean isFinished() {
        return end == FINISHED;
    }

    /** @return the cause the group was aborted with, or {@code null} if it was not aborted */
    protected final Throwable abortCause() {
        Object e = end;
        return e instanceof Throwable t ? t : null;
    }

    /**
     * Makes a frame; called only while the group is open, with a size of at least 0. Every
     * {@code createFrame} and {@code writeFrame} variant ends here.
     *
     * @param size            the exact number of bytes that will be written
     * @param timestampMicros the frame's presentation time, or {@link FrameProducer#NO_TIMESTAMP}
     * @return the frame producer, which owns every chunk written to it
     */
    protected abstract FrameProducer onCreateFrame(long size, long timestampMicros);

    /**
     * Refuses to finish the open group by throwing, e.g. while one of its frames is unfinished.
     * The default accepts.
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} to refuse
     */
    protected void checkFinishable() {
    }

    /** Called once when the open group is finished. The default does nothing. */
    protected void onFinish() {
    }

    /**
     * Called once when the open group is aborted; the subclass discards its unfinished frames.
     * The default does nothing.
     *
     * @param cause why the group ended, not null
     */
    protected void onAbort(Throwable cause) {
    }

    /** @return {@code "group <sequence>"}; subclasses add their track's name */
    @Override
    public String toString() {
        return "group " + sequence;
    }
}
