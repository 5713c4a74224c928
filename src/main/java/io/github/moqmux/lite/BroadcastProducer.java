package io.github.moqmux.lite;

/**
 * The producing side of a MoQ broadcast: a set of named tracks. Implement it (with
 * {@link TrackProducer}, {@link GroupProducer} and {@link FrameProducer}) to connect the importer to
 * a transport; {@link MemoryBroadcast} is the in-memory implementation.
 *
 * <p>Implementations need not be thread-safe for producing: the importer calls a producer from one
 * thread at a time.
 *
 * <p>A transport implements the four interfaces; the importer drives them like this:
 *
 * <pre>{@code
 * TrackProducer track = broadcast.uniqueTrack(".hang");       // "0.hang"
 * GroupProducer group = track.appendGroup();                   // sequence 0, starts at a keyframe
 * FrameProducer frame = group.createFrame(header.readableBytes() + sample.readableBytes());
 * frame.write(header);                                         // ownership passes to the frame
 * frame.write(sample);
 * frame.finish();                                              // exactly the declared size arrived
 * group.finish();
 * track.finish();
 * }</pre>
 *
 * <p>The README's "A custom transport" section shows a complete implementation that forwards
 * frames to a queue.
 */
public interface BroadcastProducer {
    /**
     * Creates a track.
     *
     * @param track the name and priority
     * @return the producer for the new track
     * @throws io.github.moqmux.MoqMuxException of kind {@code ILLEGAL_STATE} if the name is taken
     */
    TrackProducer createTrack(Track track);

    /**
     * @param name a track name
     * @return whether a track of that name was created on this broadcast (finished or not)
     */
    boolean hasTrack(String name);

    /**
     * Creates a track named {@code "{i}{suffix}"} for the first i = 0, 1, 2, … not yet taken, e.g.
     * {@code uniqueTrack(".hang", 0)} gives {@code "0.hang"}, then {@code "1.hang"}.
     *
     * <p>Atomic: two importers sharing a broadcast on different threads never get the same name.
     * The default holds this object's monitor while it looks for a free name and creates the track;
     * implementations with their own lock override it to pick and create under that lock (and may
     * remember the next free index per suffix, so naming n tracks costs O(n), not O(n²)).
     *
     * @param suffix   appended to the index, usually starting with a dot
     * @param priority the new track's priority
     * @return the producer for the new track
     */
    default TrackProducer uniqueTrack(String suffix, int priority) {
        synchronized (this) {
            for (long i = 0; ; i++) {
                String name = i + suffix;
                if (!hasTrack(name)) {
                    return createTrack(new Track(name, priority));
                }
            }
        }
    }

    /**
     * Same as {@link #uniqueTrack(String, int)} with priority 0.
     *
     * @param suffix appended to the index
     * @return the producer for the new track
     */
    default TrackProducer uniqueTrack(String suffix) {
        return uniqueTrack(suffix, 0);
    }
}
