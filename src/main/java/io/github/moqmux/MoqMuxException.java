package io.github.moqmux;

import java.util.Objects;

/**
 * The one exception type of this library: every malformed, truncated or unsupported input, every
 * broken limit and every misuse of a producer ends in one of these.
 *
 * <p>It carries a machine-readable {@link Kind} and, for input problems, the absolute byte offset in
 * the input stream where the problem was found (the first byte ever given to an importer is offset
 * 0). {@link #getMessage()} ends with {@code " at byte N"} when the offset is known, so a log line
 * alone tells a user where to look:
 *
 * <pre>{@code
 * try {
 *     importer.decode(buf);
 * } catch (MoqMuxException e) {
 *     if (e.kind() == MoqMuxException.Kind.UNSUPPORTED) { ... }
 *     log.warn("import failed: {}", e.getMessage()); // "... at byte 1234"
 * }
 * }</pre>
 *
 * <p>It is unchecked so that producer callbacks and lambdas can pass it through unchanged.
 */
public final class MoqMuxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Used as {@link #offset()} when the problem is not tied to a position in the input. */
    public static final long NO_OFFSET = -1;

    /** What went wrong, for code that reacts differently to different failures. */
    public enum Kind {
        /** A box or field is structurally invalid: bad size, bad version, inconsistent counts. */
        MALFORMED,
        /** The input ended in the middle of a box or field. */
        TRUNCATED,
        /** Valid input that this library does not handle (codec, box version, layout). */
        UNSUPPORTED,
        /** A required box is missing, e.g. a {@code trak} without {@code mdhd}. */
        MISSING_BOX,
        /** Boxes arrive in an order that cannot be processed, e.g. {@code moof} before {@code moov}. */
        UNEXPECTED_BOX,
        /** A sample's byte range lies outside the {@code mdat} that should hold it. */
        SAMPLE_OUT_OF_RANGE,
        /** A timestamp is negative after edit lists, overflows, or a timescale is zero. */
        BAD_TIMESTAMP,
        /** A configured limit of {@code Fmp4Config} was exceeded. */
        LIMIT_EXCEEDED,
        /** A producer or consumer was used against its contract (wrong frame size, write after finish). */
        ILLEGAL_STATE,
        /** Reading the input source failed. */
        IO,
        /** A network peer broke the moq-lite or transport protocol (the offset is not used). */
        PROTOCOL,
        /** A network connection failed, was refused, or ended before the operation completed. */
        CONNECTION
    }

    /** @serial what went wrong */
    private final Kind kind;
    /** @serial absolute byte offset in the input stream, or {@link #NO_OFFSET} */
    private final long offset;
    /** @serial the message without the offset */
    private final String detail;

    /**
     * Creates an exception tied to a stream position.
     *
     * @param kind   what went wrong
     * @param offset absolute byte offset in the input stream, or {@link #NO_OFFSET}
     * @param detail a message a user can act on, without the offset (it is appended)
     */
    public MoqMuxException(Kind kind, long offset, String detail) {
        this(kind, offset, detail, null);
    }

    /**
     * Creates an exception tied to a stream position, with a cause.
     *
     * @param kind   what went wrong
     * @param offset absolute byte offset in the input stream, or {@link #NO_OFFSET}
     * @param detail a message a user can act on, without the offset (it is appended)
     * @param cause  the underlying failure, may be null
     */
    public MoqMuxException(Kind kind, long offset, String detail, Throwable cause) {
        super(format(detail, offset), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.offset = offset < 0 ? NO_OFFSET : offset;
        this.detail = detail;
    }

    /**
     * Creates an exception that is not tied to a stream position.
     *
     * @param kind   what went wrong
     * @param detail a message a user can act on
     */
    public MoqMuxException(Kind kind, String detail) {
        this(kind, NO_OFFSET, detail, null);
    }

    private static String format(String detail, long offset) {
        return offset >= 0 ? detail + " at byte " + offset : detail;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the absolute input offset of the problem, or {@link #NO_OFFSET} when not known */
    public long offset() {
        return offset;
    }

    /** @return the message without the {@code " at byte N"} suffix */
    public String detail() {
        return detail;
    }

    /**
     * Returns a copy of this exception with the offset set, keeping kind, detail and cause. Used
     * by layers that know the absolute position when the layer that failed did not.
     *
     * @param newOffset absolute byte offset in the input stream
     * @return this exception if it already has an offset, else a new one
     */
    public MoqMuxException atOffset(long newOffset) {
        if (offset != NO_OFFSET) {
            return this;
        }
        MoqMuxException e = new MoqMuxException(kind, newOffset, detail, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
