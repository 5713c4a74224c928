package io.github.moqmux.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when Netty reports a leaked {@link ByteBuf}.
 *
 * <p>Registered for every test class through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in {@code junit-platform.properties};
 * no test needs to mention it.
 *
 * <p>How it works: Netty creates one {@link ResourceLeakDetector} for all buffers, when the class
 * {@code AbstractByteBuf} is initialized, through {@link ResourceLeakDetectorFactory#instance()}.
 * This class installs its own factory in its static initializer — JUnit loads extensions before
 * it initializes any test class, so before the first buffer exists — whose detectors record
 * every leak report instead of only logging it. Netty notices a leak when a buffer that was never
 * released has been garbage collected and the next buffer is allocated, so after each test
 * {@link #collectLeaks()} runs the collector a few times and allocates, and the test fails with
 * the recorded access history of every leaked buffer.
 *
 * <p>Only leak-tracked buffers are seen: pooled buffers, direct buffers and composites
 * ({@link Bufs} allocates such buffers). Netty does not track unpooled heap buffers
 * ({@code Unpooled.buffer()}, {@code Unpooled.wrappedBuffer(byte[])}). The level is forced to
 * {@code PARANOID} (the build also sets it), so every buffer is tracked with its history.
 *
 * <p>A leak is reported once it is collected, which may be during a later test (or, if tests
 * ever run in parallel, a concurrent one); the message says so, and the recorded history shows
 * where the buffer came from.
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterEachCallback {
    private static final Logger log = LoggerFactory.getLogger(LeakDetectionExtension.class);

    /** Reports not yet claimed by a check; filled by Netty's allocating threads. */
    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    private static final int GC_ROUNDS = 3;

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    /** Called by JUnit through service loading. */
    public LeakDetectionExtension() {
    }

    /**
     * Checks that Netty's buffer leak detector is the recording one: if some code allocated a
     * buffer before this extension was loaded, leaks would only be logged and tests would pass
     * silently, so that is a configuration error.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        Object detector = byteBufLeakDetector();
        if (!(detector instanceof RecordingLeakDetector)) {
            throw new ExtensionConfigurationException("Netty's ByteBuf leak detector is " + detector
                    + ", not the recording one: a ByteBuf class was initialized before "
                    + LeakDetectionExtension.class.getSimpleName() + " was loaded");
        }
    }

    /** Fails the test that just ran if a leak was reported. */
    @Override
    public void afterEach(ExtensionContext context) {
        assertNoLeaks(context.getDisplayName());
    }

    /**
     * Triggers leak detection and fails if any leak was reported since the last check.
     *
     * @param where names the test in the failure message
     * @throws AssertionError listing every report (each report is consumed)
     */
    public static void assertNoLeaks(String where) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            StringBuilder message = new StringBuilder()
                    .append(leaks.size()).append(" leaked ByteBuf(s) detected after ").append(where)
                    .append(" (a buffer may have been leaked by an earlier test and collected only now):");
            for (String leak : leaks) {
                message.append("\n\n").append(leak);
            }
            throw new AssertionError(message.toString());
        }
    }

    /**
     * Runs the garbage collector a few times and allocates buffers, so that Netty reports buffers
     * that became unreachable without being released, then returns and forgets every report
     * recorded so far. One call does not guarantee that a just-dropped buffer is already
     * collected; callers that expect a leak poll.
     *
     * @return the reports, each with the leak's resource type and recorded access history
     */
    public static List<String> collectLeaks() {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            // Netty polls its reference queue when a tracked resource is created, so allocate.
            PooledByteBufAllocator.DEFAULT.heapBuffer(1).release();
            PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
            if (!LEAKS.isEmpty()) {
                break;
            }
            sleepBriefly();
        }
        List<String> leaks = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            leaks.add(leak);
        }
        return leaks;
    }

    private static void sleepBriefly() {
        try {
            // Gives the reference handler thread time to enqueue what the collector found.
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object byteBufLeakDetector() {
        try {
            Class<?> type = Class.forName("io.netty.buffer.AbstractByteBuf");
            Field field = type.getDeclaredField("leakDetector");
            field.setAccessible(true);
            return field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("cannot inspect Netty's ByteBuf leak detector", e);
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingLeakDetector<>(resource, samplingInterval);
        }

        /** Netty still declares this abstract; it only delegates to the non-deprecated variant. */
        @Override
        @Deprecated
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                Class<T> resource, int samplingInterval, long maxActive) {
            return newResourceLeakDetector(resource, samplingInterval);
        }
    }

    private static final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
        RecordingLeakDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        /** Report regardless of how Netty's own logger is configured. */
        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            record("LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                    + records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            record("LEAK: " + resourceType + ".release() was not called before it was garbage-collected"
                    + " (no access history: the leak detection level was below ADVANCED when it was created)");
        }

        private static void record(String report) {
            log.debug("{}", report);
            LEAKS.add(report);
        }
    }
}
