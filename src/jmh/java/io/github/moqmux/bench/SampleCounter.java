package io.github.moqmux.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Makes JMH report samples per second beside operations (whole files) per second. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class SampleCounter {
    /** Samples visited; JMH reports it as a rate. */
    public long samples;

    @Setup(Level.Iteration)
    public void reset() {
        samples = 0;
    }
}
