package io.github.moqmux.net.wire;

/**
 * Application error codes used on stream resets and connection closes, with the numeric values
 * the upstream moq-lite implementations use, so a peer reports the same reason.
 */
public final class ErrorCode {
    private ErrorCode() {
    }

    /** Nobody reads any more; not a failure (also a plain stream drop). */
    public static final long CANCEL = 0;
    /** The group is older than the latest one and was dropped. */
    public static final long OLD = 2;
    /** It took too long. */
    public static final long TIMEOUT = 3;
    /** A message could not be parsed (malformed, or longer than the configured limit). */
    public static final long DECODE = 5;
    /** No common version. */
    public static final long VERSION = 9;
    /** A stream of an unknown or unexpected type was opened. */
    public static final long UNEXPECTED_STREAM = 10;
    /** A duplicate id was used (for example a subscribe id reused). */
    public static final long DUPLICATE = 12;
    /** The requested broadcast or track does not exist. */
    public static final long NOT_FOUND = 13;
    /** The peer broke a protocol rule (for example it opened too many streams). */
    public static final long PROTOCOL_VIOLATION = 15;
    /** A valid message arrived in a state where it is not allowed. */
    public static final long UNEXPECTED_MESSAGE = 16;
    /** A feature this endpoint does not implement was requested. */
    public static final long UNSUPPORTED = 17;
    /** The producer ended the content with an error, so it is incomplete. */
    public static final long DROPPED = 24;
    /** A frame declared a size above the receiver's limit. */
    public static final long FRAME_TOO_LARGE = 27;

    /**
     * @param code an error code
     * @return a short name for logs, or {@code "code N"} for an unknown one
     */
    public static String name(long code) {
        return switch ((int) Math.min(code, Integer.MAX_VALUE)) {
            case 0 -> "cancel";
            case 2 -> "old";
            case 3 -> "timeout";
            case 5 -> "decode";
            case 9 -> "version";
            case 10 -> "unexpected stream";
            case 12 -> "duplicate";
            case 13 -> "not found";
            case 15 -> "protocol violation";
            case 16 -> "unexpected message";
            case 17 -> "unsupported";
            case 24 -> "dropped";
            case 27 -> "frame too large";
            default -> "code " + code;
        };
    }
}
