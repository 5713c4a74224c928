package io.github.moqmux.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitterEstimateTest {

    @Test
    void unknownUntilTwoTimestampsGiveAStep() {
        JitterEstimate jitter = new JitterEstimate(JitterEstimate.Mode.FRAGMENT);
        jitter.sample(0);
        assertThat(jitter.endFragment()).isFalse();
        assertThat(jitter.millis()).isEqualTo(-1);
        jitter.sample(33_333);
        assertThat(jitter.endFragment()).isTrue();
        assertThat(jitter.millis()).isEqualTo(34); // 0 span + 33.333 ms step, rounded up
    }

    @Test
    void twoSecondFragmentOfThirtyFpsIsTwoSeconds() {
        JitterEstimate jitter = new JitterEstimate(JitterEstimate.Mode.FRAGMENT);
        for (int i = 0; i < 60; i++) {
            jitter.sample(i * 1_000_000L / 30);
        }
        assertThat(jitter.endFragment()).isTrue();
        // span 1966.666 ms + step 33.333 ms
        assertThat(jitter.millis()).isEqualTo(2000);
    }

    @Test
    void bFramesUseTheSmallestPositiveStepAndTheFullSpan() {
        JitterEstimate jitter = new JitterEstimate(JitterEstimate.Mode.FRAGMENT);
        // decode order I P B B with presentation times 0, 100, 33, 66 ms
        for (long ts : new long[] {0, 100_000, 33_333, 66_666}) {
            jitter.sample(ts);
        }
        assertThat(jitter.endFragment()).isTrue();
        assertThat(jitter.millis()).isEqualTo(134); // span 100 ms + step 33.333 ms
    }

    @Test
    void aShortFragmentNeverShrinksTheAdvertisedValue() {
        JitterEstimate jitter = new JitterEstimate(JitterEstimate.Mode.FRAGMENT);
        for (int i = 0; i < 30; i++) {
            jitter.sample(i * 20_000L);
        }
        assertThat(jitter.endFragment()).isTrue();
        assertThat(jitter.millis()).isEqualTo(600);
        jitter.sample(600_000);
        assertThat(jitter.endFragment()).as("a one-sample fragment needs less").isFalse();
        assertThat(jitter.millis()).isEqualTo(600);
        for (int i = 31; i < 80; i++) {
            jitter.sample(i * 20_000L);
        }
        assertThat(jitter.endFragment()).isTrue();
        assertThat(jitter.millis()).isEqualTo(980); // span (79 - 31) * 20 ms + step 20 ms
    }

    @Test
    void progressivePublishingNeedsOnlyTheReorderingDepthPlusOneFrame() {
        JitterEstimate jitter = new JitterEstimate(JitterEstimate.Mode.REORDER);
        // A 2 s GOP without B-frames: samples arrive in presentation order.
        for (int i = 0; i < 60; i++) {
            jitter.sample(i * 1_000_000L / 30);
        }
        assertThat(jitter.endFragment()).isTrue();
        assertThat(jitter.millis()).isEqualTo(34); // one frame, not the 2 s fragment
    }

    @Test
    void progressiveWithTwoBFramesWaitsTwoFrames() {
        JitterEstimate jitter = new JitterEstimate(JitterEstimate.Mode.REORDER);
        // decode order I P B B P B B with presentation 0, 100, 33, 66, 200, 133, 166 ms
        for (long ts : new long[] {0, 100_000, 33_333, 66_666, 200_000, 133_333, 166_666}) {
            jitter.sample(ts);
        }
        assertThat(jitter.endFragment()).isTrue();
        assertThat(jitter.millis()).isEqualTo(100); // 66.667 ms behind the P frame + 33.333 ms step
    }
}
