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
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, state != State.OPEN
                ? "frame is " + state.name().toLowerCase(Locale.ROOT) + "; no more bytes"
                : "chunk of " + n + " bytes overflows the frame: " + written + " of " + size + " written");
        }
        written += n;
        onChunk(chunk);
    }

    /**
     * {@inheritDoc}
     *
     * @throws MoqMuxException of kind {@code ILLEGAL_STATE} when the frame already ended or fewer
     *     than {@link #size()} bytes were written (the frame stays open and can still be aborted)
     */
    @Override
    public final void finish() {
        if (state != State.OPEN || written != size) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, state != State.OPEN
                ? "frame already ended"
                : "frame declared " + size + " bytes but got " + written);
        }
        state = State.FINISHED;
        onFinish();
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
