package io.github.moqmux.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import org.junit.jupiter.api.Test;

class AudioSpecificConfigTest {

    @Test
    void aacLc44100Stereo() {
        AudioSpecificConfig asc = AudioSpecificConfig.parse(new byte[] {0x12, 0x10}, 0);
        assertThat(asc).isEqualTo(new AudioSpecificConfig(2, 44_100, 2, 2));
    }

    @Test
    void aacLc48000Mono() {
        // 00010 0011 0001 000
        AudioSpecificConfig asc = AudioSpecificConfig.parse(new byte[] {0x11, (byte) 0x88}, 0);
        assertThat(asc.samplingFrequency()).isEqualTo(48_000);
        assertThat(asc.channelCount()).isEqualTo(1);
    }

    @Test
    void sevenThreeFiftyAndExplicitRates() {
        // index 12 = 7350 Hz: 00010 1100 0010 000
        assertThat(AudioSpecificConfig.parse(new byte[] {0x16, 0x10}, 0).samplingFrequency()).isEqualTo(7350);
        // explicit 24-bit rate 44056 Hz: 00010 1111 <24 bits> 0010 000
        long bits = (2L << 35) | (0xFL << 31) | (44_056L << 7) | (2L << 3);
        byte[] asc = new byte[5];
        for (int i = 0; i < 5; i++) {
            asc[i] = (byte) (bits >>> (8 * (4 - i)));
        }
        AudioSpecificConfig parsed = AudioSpecificConfig.parse(asc, 0);
        assertThat(parsed.samplingFrequency()).isEqualTo(44_056);
        assertThat(parsed.channelCount()).isEqualTo(2);
    }

    @Test
    void heAacSignalsTheExtensionRate() {
        // AOT 5 (SBR), core 24 kHz (index 6), stereo, extension 48 kHz (index 3), then AOT 2.
        // 00101 0110 0010 0011 00010 ...
        AudioSpecificConfig asc = AudioSpecificConfig.parse(new byte[] {0x2B, 0x11, (byte) 0x88, 0x00}, 0);
        assertThat(asc.audioObjectType()).isEqualTo(5);
        assertThat(asc.samplingFrequency()).isEqualTo(48_000);
        assertThat(asc.channelCount()).isEqualTo(2);
    }

    @Test
    void escapedObjectType() {
        // AOT 31 escape + 6 bits (10 → 42), index 3, 1 channel
        // 11111 001010 0011 0001 0
        AudioSpecificConfig asc = AudioSpecificConfig.parse(new byte[] {(byte) 0xF9, 0x46, 0x20}, 0);
        assertThat(asc.audioObjectType()).isEqualTo(42);
        assertThat(asc.samplingFrequency()).isEqualTo(48_000);
        assertThat(asc.channelCount()).isEqualTo(1);
    }

    @Test
    void truncatedConfigFailsWithOurException() {
        assertThatThrownBy(() -> AudioSpecificConfig.parse(new byte[] {0x12}, 300))
            .isInstanceOfSatisfying(MoqMuxException.class, e -> {
                assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED);
                assertThat(e.offset()).isEqualTo(300);
            });
    }

    @Test
    void reservedFrequencyIndexIsRejected() {
        // index 13 is reserved: 00010 1101 ...
        assertThatThrownBy(() -> AudioSpecificConfig.parse(new byte[] {0x16, (byte) 0x90}, 0))
            .isInstanceOf(MoqMuxException.class);
    }
}
