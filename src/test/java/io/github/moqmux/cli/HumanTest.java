package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanTest {
    @Test
    void sizesUseBinaryUnitsWithOneDecimal() {
        assertThat(Human.size(0)).isEqualTo("0 B");
        assertThat(Human.size(1023)).isEqualTo("1023 B");
        assertThat(Human.size(1024)).isEqualTo("1.0 KiB");
        assertThat(Human.size(76250)).isEqualTo("74.5 KiB");
        assertThat(Human.size(1_258_291)).isEqualTo("1.2 MiB");
        assertThat(Human.size(1024 * 1024 - 1)).isEqualTo("1.0 MiB");
        assertThat(Human.size(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(Human.size(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void durationsKeepThreeSignificantDigitsBelowAMinute() {
        assertThat(Human.duration(0)).isEqualTo("0 s");
        assertThat(Human.duration(850)).isEqualTo("850 µs");
        assertThat(Human.duration(1_000)).isEqualTo("1.00 ms");
        assertThat(Human.duration(66_666)).isEqualTo("66.7 ms");
        assertThat(Human.duration(999_400)).isEqualTo("999 ms");
        assertThat(Human.duration(999_500)).isEqualTo("1.00 s");
        assertThat(Human.duration(2_050_666)).isEqualTo("2.05 s");
        assertThat(Human.duration(12_345_678)).isEqualTo("12.3 s");
        assertThat(Human.duration(59_994_999)).isEqualTo("60.0 s");
        assertThat(Human.duration(187_000_000)).isEqualTo("3 min 07 s");
        assertThat(Human.duration(7_500_000_000L)).isEqualTo("2 h 05 min");
        assertThat(Human.duration(-66_666)).isEqualTo("-66.7 ms");
    }

    @Test
    void ratesAreSizesPerSecond() {
        assertThat(Human.rate(3 * 1024 * 1024, 2_000_000_000L)).isEqualTo("1.5 MiB/s");
        assertThat(Human.rate(10, 0)).isEqualTo("- /s");
    }
}
