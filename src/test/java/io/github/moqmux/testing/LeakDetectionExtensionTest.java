package io.github.moqmux.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link LeakDetectionExtension} catches a leak: a buffer is leaked on purpose and the
 * extension's check is called directly, which consumes the report so the suite stays green.
 */
class LeakDetectionExtensionTest {
    private static final String HINT = "deliberate leak by LeakDetectionExtensionTest";

    @Test
    void detectsABufferLeakedInANestedHelperAndShowsWhereItCameFrom() {
        LeakDetectionExtension.assertNoLeaks("the start of the self-test");

        Leaker.leakOne();

        AssertionError failure = awaitFailure();
        assertThat(failure.getMessage())
                .startsWith("1 leaked ByteBuf(s) detected after the self-test")
                .contains("LEAK: ByteBuf.release() was not called")
                .contains(HINT)
                // The allocation site is in the history, so a failing test points at the culprit.
                .contains("LeakDetectionExtensionTest$Leaker.allocateAndForget");
        // The report was consumed: the check after this test finds nothing.
        assertThat(LeakDetectionExtension.collectLeaks()).isEmpty();
    }

    @Test
    void releasedBuffersAreNotReported() {
        for (int i = 0; i < 100; i++) {
            ByteBuf buf = Bufs.of((byte) i);
            buf.retainedSlice().release();
            buf.release();
        }
        List<String> leaks = LeakDetectionExtension.collectLeaks();
        assertThat(leaks).isEmpty();
    }

    private static AssertionError awaitFailure() {
        // One check may run before the collector has found the buffer; poll for a while.
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                LeakDetectionExtension.assertNoLeaks("the self-test");
            } catch (AssertionError e) {
                return e;
            }
        }
        return fail("the deliberately leaked buffer was never reported");
    }

    /** Keeps the leaked buffer out of the test method's frame, so it is surely unreachable. */
    private static final class Leaker {
        static void leakOne() {
            allocateAndForget();
        }

        private static void allocateAndForget() {
            ByteBuf buf = Bufs.of((byte) 1, (byte) 2, (byte) 3);
            buf.touch(HINT);
        }
    }
}
