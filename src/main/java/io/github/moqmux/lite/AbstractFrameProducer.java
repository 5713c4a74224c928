package io.github.moqmux.lite;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;
import java.util.Locale;

/**
 * The producer contract of a frame, written once: declared-size accounting, the state checks and
 * the release of a refused chunk, and a single end (finish or abort). A transport implements only
 * where the bytes go ({@link #onChunk}) and what an end means ({@link #onFinish}, {@link #onAbort}).
 * The frame's presentation time stays available to the subclass ({@link #timestampMicros()}).
 *
 * <pre>{@code
 * final class FileFrame extends AbstractFrameProducer {
 *     FileFrame(long size, long ts, OutputStream out) { super(size, ts); this.out = out; }
 *     protected void onChunk(ByteBuf chunk) {
 *         try { chunk.readBytes(out, chunk.readableBytes()); } finally { chunk.release(); }
 *     }
 *     protected void onFinish() { out.close(); }
 *     protected void onAbort(Throwable cause) { out.close(); }
 * }
 * }</pre>
 *
 * <h2>Buffer ownership</h2>
 * A chunk passed to {@link #write} belongs to this frame from the call on. When the base refuses
 * it (after the end, or beyond the declared size) the base releases it before throwing; when it
 * accepts it, it hands it to {@link #onChunk}, which owns it from then on and must release it
 * (keep it and release it later, or release it at once — also when it throws). The base never
 * touches a chunk again after handing it over, so each chunk is released exactly once.
 *
 * <h2>Ends</h2>
 * {@link #onFinish} and {@link #onAbort} are each called at most once, and never both: the first
 * end wins, a second {@code finish()} of a finished frame and any {@code abort} after an end do
 * nothing; {@code finish()} of an aborted frame throws.
 *
 * <p>Not thread-safe: one producer thread writes a frame.
 */
public abstract class AbstractFrameProducer implements FrameProducer {
    private enum State { OPEN, FINISHED, ABORTED }

    private final long size;
    private final long timestampMicros;
    private long written;
    private State state = State.OPEN;

    /**
     * @param size            the declared size in bytes, at least 0
     * @param timestampMicros the frame's presentation time, or {@link #NO_TIMESTAMP}
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} for a negative size
     */
    protected AbstractFrameProducer(long size, long timestampMicros) {
        if (size < 0) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "negative frame size " + size);
        }
        this.size = size;
        this.timestampMicros = timestampMicros;
    }

    @Override
    public final long size() {
        return size;
    }

    /** @return the frame's presentation time in µs, or {@link #NO_TIMESTAMP} */
    public final long timestampMicros() {
        return timestampMicros;
    }

    /** @return the bytes written so far */
    protected final long written() {
        return written;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Refuses (and releases) a chunk after the end or beyond the declared size; otherwise
     * counts it and hands it to {@link #onChunk}.
     */
    @Override
    public final void write(ByteBuf chunk) {
        int n = chunk.readableBytes();
        if (state != State.OPEN || n > size - written) {
            chunk.release();
            throw refused(n);
        }
        written += n;
        onChunk(chunk);
    }

    /** Kept out of {@link #write} so the hot path stays small enough to inline. */
    private MoqMuxException refused(int n) {
        return new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, state != State.OPEN
            ? "cannot write to a " + state.name().toLowerCase(Locale.ROOT) + " frame" + where()
            : "chunk of " + n + " bytes overflows frame of " + size + " bytes (" + written
                + " already written)" + where());
    }

    /**
     * {@inheritDoc} Finishing a finished frame again does nothing.
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} when the frame was aborted or fewer
     *     than {@link #size()} bytes were written (the frame stays open and can still be aborted)
     */
    @Override
    public final void finish() {
        if (state == State.FINISHED) {
            return;
        }
        if (state != State.OPEN || written != size) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, state != State.OPEN
                ? "cannot finish an aborted frame" + where()
                : "frame declared " + size + " bytes but only " + written + " were written" + where());
        }
        state = State.FINISHED;
        onFinish();
    }

    /**
     * Says where this frame is, for error messages (e.g. {@code " in group 3 of track 0.hang"}).
     * The default says nothing.
     *
     * @return a phrase starting with a space, or the empty string
     */
    protected String where() {
        return "";
    }

    /** {@inheritDoc} Calls {@link #onAbort} once, and only while the frame is open. */
    @Override
    public final void abort(Throwable cause) {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        onAbort(cause);
    }

    /**
     * Takes one accepted chunk. Ownership: the chunk is this method's, which must release it
     * (also when it throws).
     *
     * @param chunk the bytes, within the declared size
     */
    protected abstract void onChunk(ByteBuf chunk);

    /** Called once when exactly {@link #size()} bytes were written and the frame is finished. */
    protected abstract void onFinish();

    /**
     * Called once when an open frame is aborted.
     *
     * @param cause why the frame ended
     */
    protected abstract void onAbort(Throwable cause);
}
