package io.github.moqmux.cli;

import java.util.List;

/**
 * One of the two fan-outs {@code bench serve} compares: a server in this process that sends every
 * published frame to {@code n} loopback subscribers, and those subscribers.
 */
interface Fanout extends AutoCloseable {
    /** @return the label in the report: {@code moq} or {@code raw} */
    String name();

    /**
     * Connects {@code n} subscribers and returns once each is ready to receive; each reports what
     * it receives to its own record of {@code probe}.
     */
    void connect(int n, FanoutProbe probe) throws Exception;

    /** Publishes frame {@code index} of the schedule; called on the publishing thread only. */
    void publish(long index, FanoutSchedule.Event event);

    /** Ends the stream after the last published frame. */
    void endOfStream();

    /** @return the subscribers' records, one per subscriber */
    List<FanoutProbe.Subscriber> subscribers();

    /** @return prefixes of the names of the threads doing the server's work (CPU is summed over them) */
    List<String> serverThreads();

    /** @return prefixes of the names of the subscribers' threads */
    List<String> clientThreads();

    /** Disconnects everybody and stops the server; releases every buffer it holds. */
    @Override
    void close() throws Exception;
}
