package io.github.moqmux.lite;

/**
 * Writes one track: an ordered sequence of groups, numbered 0, 1, 2, … in the order
 * {@link #appendGroup()} creates them.
 */
public interface TrackProducer {
    /** @return the track's name and priority */
    Track info();

    /**
     * Starts the next group. A previous group still open stays open until it is finished; callers
     * of this library finish a group before appending the next.
     *
     * @return the new group, with the next sequence number
     */
    GroupProducer appendGroup();

    /** Ends the track normally: no more groups will follow. Idempotent. */
    void finish();

    /**
     * Ends the track with an error: subscribers see the cause instead of a normal end. Groups
     * and frames already finished stay readable. Idempotent; a no-op after {@link #finish()}.
     *
     * @param cause why the track ended
     */
    void abort(Throwable cause);
}
