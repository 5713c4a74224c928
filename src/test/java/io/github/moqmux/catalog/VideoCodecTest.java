package io.github.moqmux.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VideoCodecTest {

    private static byte[] constraints(int... bytes) {
        byte[] out = new byte[6];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }

    static Stream<Arguments> knownStrings() {
        return Stream.of(
                // avcC bytes 1-3: High profile level 3.1; Constrained Baseline level 3.0.
                Arguments.of(new VideoCodec.H264(false, 0x64, 0x00, 0x1f), "avc1.64001f"),
                Arguments.of(new VideoCodec.H264(false, 0x42, 0xc0, 0x1e), "avc1.42c01e"),
                Arguments.of(new VideoCodec.H264(true, 0x4d, 0x40, 0x28), "avc3.4d4028"),
                Arguments.of(new VideoCodec.H264(false, 0x00, 0x00, 0x0a), "avc1.00000a"),
                // HEVC Main: flags 1 and 2 set = 0x60000000 raw, 6 reversed; Main tier level 3.1 (93).
                Arguments.of(new VideoCodec.H265(false, 0, 1, 0x6000_0000L, false, 93, constraints(0xb0)),
                        "hvc1.1.6.L93.b0"),
                // HEVC Main 10: flag 2 = 0x20000000 raw, 4 reversed; level 4 (120).
                Arguments.of(new VideoCodec.H265(true, 0, 2, 0x2000_0000L, false, 120, constraints(0xb0)),
                        "hev1.2.4.L120.b0"),
                // Profile space, high tier, two constraint bytes (ISO/IEC 14496-15 E.5 style example).
                Arguments.of(new VideoCodec.H265(true, 1, 4, 0x8200_0000L, true, 120, constraints(0xb0, 0x23)),
                        "hev1.A4.41.H120.b0.23"),
                Arguments.of(new VideoCodec.H265(false, 3, 1, 0x6000_0000L, false, 93, constraints(0xb0)),
                        "hvc1.C1.6.L93.b0"),
                // Interior zero and small bytes are printed unpadded, trailing zeros dropped (mp4box.js).
                Arguments.of(new VideoCodec.H265(false, 0, 1, 0x6000_0000L, false, 93, constraints(0xb0, 0, 0x0b)),
                        "hvc1.1.6.L93.b0.0.b"),
                Arguments.of(new VideoCodec.H265(false, 0, 1, 0x6000_0000L, false, 93, constraints()),
                        "hvc1.1.6.L93"),
                Arguments.of(new VideoCodec.H265(false, 0, 1, 0x6000_0000L, false, 93,
                        constraints(1, 2, 3, 4, 5, 0xff)), "hvc1.1.6.L93.1.2.3.4.5.ff"),
                // general_profile_compatibility_flag[31] set: printed unsigned.
                Arguments.of(new VideoCodec.H265(false, 0, 1, 0x6000_0001L, false, 93, constraints(0x90)),
                        "hvc1.1.80000006.L93.90"),
                Arguments.of(new VideoCodec.H265(false, 0, 0, 0, false, 0, constraints()), "hvc1.0.0.L0"),
                Arguments.of(new VideoCodec.Vp8(), "vp8"),
                Arguments.of(new VideoCodec.Vp9(0, 10, 8), "vp09.00.10.08"),
                Arguments.of(new VideoCodec.Vp9(2, 10, 10), "vp09.02.10.10"),
                Arguments.of(new VideoCodec.Vp9(3, 62, 12), "vp09.03.62.12"),
                // VP codec ISO-BMFF binding example: HDR10 (BT.2020, PQ), full range.
                Arguments.of(new VideoCodec.Vp9(2, 10, 10, 1, 9, 16, 9, true), "vp09.02.10.10.01.09.16.09.01"),
                Arguments.of(new VideoCodec.Vp9(1, 31, 8, 3, 1, 1, 1, false), "vp09.01.31.08.03.01.01.01.00"),
                Arguments.of(new VideoCodec.Vp9(0, 10, 8, 1, 1, 1, 1, true), "vp09.00.10.08.01.01.01.01.01"),
                Arguments.of(new VideoCodec.Vp9(0, 0, 8, 1, 1, 1, 2, false), "vp09.00.00.08.01.01.01.02.00"),
                Arguments.of(new VideoCodec.Vp9(0, 10, 8, 1, 255, 1, 1, false), "vp09.00.10.08.01.255.01.01.00"),
                Arguments.of(new VideoCodec.Av1(0, 4, false, 8), "av01.0.04M.08"),
                Arguments.of(new VideoCodec.Av1(0, 8, false, 10), "av01.0.08M.10"),
                Arguments.of(new VideoCodec.Av1(0, 13, true, 10), "av01.0.13H.10"),
                Arguments.of(new VideoCodec.Av1(2, 31, true, 12), "av01.2.31H.12"),
                // AV1-ISOBMFF §5 example: 10-bit, 4:2:0 colocated, BT.2100 PQ, studio range.
                Arguments.of(new VideoCodec.Av1(0, 4, false, 10, false, 1, 1, 2, 9, 16, 9, false),
                        "av01.0.04M.10.0.112.09.16.09.0"),
                Arguments.of(new VideoCodec.Av1(1, 5, false, 8, false, 0, 0, 0, 1, 1, 1, true),
                        "av01.1.05M.08.0.000.01.01.01.1"),
                Arguments.of(new VideoCodec.Av1(0, 8, false, 8, true, 1, 1, 0, 1, 1, 1, false),
                        "av01.0.08M.08.1.110.01.01.01.0"));
    }

    @ParameterizedTest
    @MethodSource("knownStrings")
    void formatsKnownValues(VideoCodec codec, String expected) {
        assertThat(codec.toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("knownStrings")
    void parsesKnownValues(VideoCodec expected, String string) {
        VideoCodec parsed = VideoCodec.parse(string);
        assertThat(parsed).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(VideoCodec.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Test
    void parsesUppercaseHexAsGpacAndTheIsoExamplesWriteIt() {
        assertThat(VideoCodec.parse("hvc1.1.6.L93.B0")).isEqualTo(VideoCodec.parse("hvc1.1.6.L93.b0"));
        assertThat(VideoCodec.parse("hvc1.1.6.L93.B0").toString()).isEqualTo("hvc1.1.6.L93.b0");
        assertThat(VideoCodec.parse("avc1.64001F")).isEqualTo(new VideoCodec.H264(false, 0x64, 0, 0x1f));
        assertThat(VideoCodec.parse("avc1.42C01E").toString()).isEqualTo("avc1.42c01e");
        // GPAC's MP4Box prints the first constraint byte even when zero; that parses to all zeros.
        assertThat(VideoCodec.parse("hvc1.1.6.L93.0").toString()).isEqualTo("hvc1.1.6.L93");
    }

    @Test
    void parsesLongFormWithDefaultValuesToTheShortForm() {
        VideoCodec vp9 = VideoCodec.parse("vp09.00.10.08.01.01.01.01.00");
        assertThat(vp9).isEqualTo(new VideoCodec.Vp9(0, 10, 8));
        assertThat(vp9.toString()).isEqualTo("vp09.00.10.08");

        VideoCodec av1 = VideoCodec.parse("av01.0.04M.08.0.110.01.01.01.0");
        assertThat(av1).isEqualTo(new VideoCodec.Av1(0, 4, false, 8));
        assertThat(av1.toString()).isEqualTo("av01.0.04M.08");
    }

    @Test
    void shortFormIsWhatMp4boxJsReports() {
        assertThat(new VideoCodec.Vp9(2, 10, 10, 1, 9, 16, 9, true).shortForm()).isEqualTo("vp09.02.10.10");
        assertThat(new VideoCodec.Av1(0, 4, false, 10, false, 1, 1, 2, 9, 16, 9, false).shortForm())
                .isEqualTo("av01.0.04M.10");
    }

    @Test
    void h265DecodesTheFieldsOfTheString() {
        VideoCodec.H265 h = (VideoCodec.H265) VideoCodec.parse("hev1.A4.41.H120.b0.23");
        assertThat(h.hev1()).isTrue();
        assertThat(h.profileSpace()).isEqualTo(1);
        assertThat(h.profileIdc()).isEqualTo(4);
        // 0x41 reversed: bits 0 and 6 of the string value are flags 0 and 6 = raw bits 31 and 25.
        assertThat(h.compatibilityFlags()).isEqualTo(0x8200_0000L);
        assertThat(h.highTier()).isTrue();
        assertThat(h.levelIdc()).isEqualTo(120);
        assertThat(h.constraintFlags()).containsExactly(0xb0, 0x23, 0, 0, 0, 0);
    }

    @Test
    void h265CopiesItsConstraintBytes() {
        byte[] bytes = constraints(0xb0);
        VideoCodec.H265 h = new VideoCodec.H265(false, 0, 1, 0x6000_0000L, false, 93, bytes);
        bytes[0] = 0x11;
        assertThat(h.toString()).isEqualTo("hvc1.1.6.L93.b0");
        h.constraintFlags()[0] = 0x22;
        assertThat(h.toString()).isEqualTo("hvc1.1.6.L93.b0");
        assertThat(h).isEqualTo(new VideoCodec.H265(false, 0, 1, 0x6000_0000L, false, 93, constraints(0xb0)));
        assertThat(h).isNotEqualTo(new VideoCodec.H265(false, 0, 1, 0x6000_0000L, false, 93, constraints(0xb1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "avc1", "avc1.", "avc1.64001", "avc1.64001g", "avc1.64001f.", "avc1.64001f00", "avc1.6400 1f", "avc1..64001f",
        "avc1.+64001", "avc1.64001f.1",
        "hvc1", "hvc1.1.6", "hvc1.1.6.X93", "hvc1.D1.6.L93", "hvc1.1.6.L93.b0.0.0.0.0.0.0", "hvc1.1.123456789.L93",
        "hvc1.1.6.L256", "hvc1.32.6.L93", "hvc1.1.6.L", "hvc1.1.6.93", "hvc1..6.L93", "hvc1.1.6.L93.100",
        "hvc1.1.6.L93.", "hvc1.1.g.L93", "hvc1.1.6.l93", "hvc1.A.6.L93",
        "vp8.0", "vp09", "vp09.00.10", "vp09.4.10.08", "vp09.04.10.08", "vp09.00.10.09", "vp09.00.10.08.01",
        "vp09.00.10.08.01.01.01.01.02", "vp09.00.10.08.04.01.01.01.00", "vp09.00.100.08", "vp09.00.10.8",
        "vp09.00.10.08.01.256.01.01.00", "vp09.0x.10.08",
        "av01", "av01.0.04M", "av01.0.04X.08", "av01.0.32M.08", "av01.0.04M.08.0.110.01.01.01", "av01.0.4M.08",
        "av01.00.04M.08", "av01.8.04M.08", "av01.0.04M.09", "av01.0.04M.08.2.110.01.01.01.0",
        "av01.0.04M.08.0.11.01.01.01.0", "av01.0.04M.08.0.120.01.01.01.0", "av01.0.04M.08.0.114.01.01.01.0",
        "av01.0.04m.08"
    })
    void rejectsMalformedStringsOfKnownFamilies(String codec) {
        assertThatThrownBy(() -> VideoCodec.parse(codec))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED))
                .hasMessageContaining(codec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "h264", "VP8", "vp08.00.10.08", "AVC1.64001f", "hvc2.1.6.L93", "mp4a.40.2", "opus",
        "av1", "dvh1.05.06", "garbage", "\u0000"})
    void rejectsUnknownFamiliesAsUnsupported(String codec) {
        assertThatThrownBy(() -> VideoCodec.parse(codec))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.UNSUPPORTED));
    }

    @Test
    void constructorsRejectOutOfRangeFields() {
        assertThatThrownBy(() -> new VideoCodec.H264(false, 256, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoCodec.H264(false, 0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoCodec.H265(false, 4, 1, 0, false, 93, constraints()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoCodec.H265(false, 0, 1, 0x1_0000_0000L, false, 93, constraints()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoCodec.H265(false, 0, 1, 0, false, 93, new byte[5]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoCodec.H265(false, 0, 1, 0, false, 93, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new VideoCodec.Vp9(0, 10, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoCodec.Vp9(4, 10, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoCodec.Av1(0, 32, false, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoCodec.Av1(0, 4, false, 8, false, 2, 1, 0, 1, 1, 1, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VideoCodec.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
