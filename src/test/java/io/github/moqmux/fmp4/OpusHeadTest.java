package io.github.moqmux.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.mp4.DOps;
import org.junit.jupiter.api.Test;

class OpusHeadTest {

    @Test
    void stereoFamilyZeroIsNineteenLittleEndianBytes() {
        byte[] head = OpusHead.fromDops(new DOps(0, 2, 312, 48_000, (short) 0, 0, 0, 0, new byte[0]));
        assertThat(head).containsExactly(
            'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 2,
            0x38, 0x01, // pre-skip 312
            (byte) 0x80, (byte) 0xBB, 0x00, 0x00, // 48000
            0x00, 0x00, 0);
    }

    @Test
    void surroundCarriesTheMappingTable() {
        byte[] mapping = {0, 4, 1, 2, 3, 5};
        byte[] head = OpusHead.fromDops(new DOps(0, 6, 312, 48_000, (short) -256, 1, 4, 2, mapping));
        assertThat(head).hasSize(19 + 2 + 6);
        assertThat(head[9]).isEqualTo((byte) 6);
        assertThat(head[16]).isEqualTo((byte) 0x00); // -256 little-endian
        assertThat(head[17]).isEqualTo((byte) 0xFF);
        assertThat(head[18]).isEqualTo((byte) 1);
        assertThat(head[19]).isEqualTo((byte) 4);
        assertThat(head[20]).isEqualTo((byte) 2);
        assertThat(java.util.Arrays.copyOfRange(head, 21, 27)).containsExactly(mapping);
    }
}
