package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.container.VarInt;
import io.github.moqmux.mp4.ElstEntry;
import java.util.List;

/**
 * Maps one track's media timestamps (ticks of its {@code mdhd} timescale) to the broadcast's
 * presentation timeline in microseconds, applying the track's edit list (DESIGN §7).
 *
 * <p>With an edit list, the sample presented first is the one at {@code mediaTime} (the first
 * non-empty edit), and it is presented after the leading empty edit. So a sample's presentation
 * time is {@code (pts - mediaTime + emptyEdit) / timescale}. Samples before {@code mediaTime}
 * (AAC priming, B-frame reordering delay) come out negative; the broadcast adds one constant
 * {@code offsetMicros} to every track so nothing is negative and tracks stay in sync.
 *
 * <p>Empty edits are stored in movie ticks; they are converted to the track's ticks, rounded to
 * the nearest, as ffmpeg does: a sample can only be presented on a track tick anyway.
 *
 * @param timescale        ticks per second of the track, &gt; 0
 * @param mediaTime        media time of the first non-empty edit, 0 without an edit list
 * @param emptyEditTicks   total duration of the leading empty edits, in track ticks
 */
record Timeline(long timescale, long mediaTime, long emptyEditTicks) {

    static final long MICROS_PER_SECOND = 1_000_000L;

    /**
     * Reads the edit list of a track.
     *
     * @param timescale      the track's {@code mdhd} timescale
     * @param movieTimescale the {@code mvhd} timescale, in which edit durations are expressed
     * @param edits          the {@code elst} entries, empty without an edit list
     * @param offset         absolute offset for errors
     * @return the track's timeline
     */
    static Timeline of(long timescale, long movieTimescale, List<ElstEntry> edits, long offset) {
        if (timescale <= 0) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, offset, "track timescale is 0 (mdhd)");
        }
        long emptyTicks = 0;
        long mediaTime = 0;
        for (ElstEntry edit : edits) {
            if (edit.mediaTime() == -1) {
                emptyTicks = addOrFail(emptyTicks, edit.segmentDuration(), offset);
            } else {
                if (edit.mediaTime() < 0) {
                    throw new MoqMuxException(Kind.BAD_TIMESTAMP, offset, "edit list media_time is negative: " + edit.mediaTime());
                }
                mediaTime = edit.mediaTime();
                break;
            }
        }
        long emptyTrackTicks = 0;
        if (emptyTicks > 0) {
            if (movieTimescale <= 0) {
                throw new MoqMuxException(Kind.BAD_TIMESTAMP, offset, "movie timescale is 0 (mvhd) but the edit list has an empty edit");
            }
            emptyTrackTicks = scaleRound(emptyTicks, timescale, movieTimescale, offset);
        }
        return new Timeline(timescale, mediaTime, emptyTrackTicks);
    }

    /**
     * How far this track's edit list moves its samples earlier, in microseconds: the broadcast's
     * constant offset is the largest of these (and at least 0).
     *
     * @param offset absolute offset for errors
     * @return {@code mediaTime / timescale - emptyEdit}, rounded up
     */
    long shiftMicros(long offset) {
        long ticks = mediaTime - emptyEditTicks;
        long floor = scaleFloor(ticks, MICROS_PER_SECOND, timescale, offset);
        boolean exact = Math.floorMod(ticks, timescale) * MICROS_PER_SECOND % timescale == 0;
        return exact ? floor : floor + 1;
    }

    /**
     * Converts a presentation timestamp in ticks to broadcast microseconds.
     *
     * @param pts          presentation time in ticks (decode time + composition offset)
     * @param offsetMicros the broadcast's constant offset
     * @param at           absolute stream offset of the sample, for errors
     * @return microseconds, never negative
     */
    long toMicros(long pts, long offsetMicros, long at) {
        long micros;
        try {
            micros = Math.addExact(scaleFloor(Math.addExact(Math.subtractExact(pts, mediaTime), emptyEditTicks),
                MICROS_PER_SECOND, timescale, at), offsetMicros);
        } catch (ArithmeticException e) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, at, "timestamp " + pts + " overflows at timescale " + timescale);
        }
        if (micros < 0) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, at, "timestamp " + pts + "/" + timescale
                + " s is before the start of the presentation after applying the edit list");
        }
        if (micros > VarInt.MAX) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, at, "timestamp " + pts + "/" + timescale
                + " s is beyond 2^62-1 µs, the most a legacy frame timestamp can carry");
        }
        return micros;
    }

    /**
     * The ticks to add to this track's decode times so that a CMAF fragment presents on the same
     * timeline as {@link #toMicros}: used to rewrite {@code tfdt} in passthrough. A fragment can
     * only shift a track by whole ticks, so the broadcast offset is rounded to the nearest tick.
     *
     * @param offsetMicros the broadcast's constant offset
     * @param at           absolute offset for errors
     * @return a tick delta, possibly negative
     */
    long decodeTimeDelta(long offsetMicros, long at) {
        return Math.subtractExact(Math.addExact(scaleRound(offsetMicros, timescale, MICROS_PER_SECOND, at),
            emptyEditTicks), mediaTime);
    }

    /**
     * {@code floor(value * mul / div)} without intermediate overflow for any 64-bit value: the
     * value is split into quotient and remainder of {@code div} first. Both {@code mul} and
     * {@code div} are at most 2^32, so {@code remainder * mul} fits in 64 bits.
     */
    static long scaleFloor(long value, long mul, long div, long at) {
        long quotient = Math.floorDiv(value, div);
        long remainder = Math.floorMod(value, div);
        try {
            return Math.addExact(Math.multiplyExact(quotient, mul), remainder * mul / div);
        } catch (ArithmeticException e) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, at, "timestamp " + value + " overflows when scaled by "
                + mul + "/" + div);
        }
    }

    /** {@code value * mul / div} rounded to the nearest (halves up), without intermediate overflow. */
    static long scaleRound(long value, long mul, long div, long at) {
        long quotient = Math.floorDiv(value, div);
        long remainder = Math.floorMod(value, div);
        try {
            return Math.addExact(Math.multiplyExact(quotient, mul), (remainder * mul + div / 2) / div);
        } catch (ArithmeticException e) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, at, "timestamp " + value + " overflows when scaled by "
                + mul + "/" + div);
        }
    }

    private static long addOrFail(long a, long b, long at) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, at, "edit list durations overflow");
        }
    }
}
