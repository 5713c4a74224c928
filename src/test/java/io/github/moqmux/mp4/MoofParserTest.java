package io.github.moqmux.mp4;

import static io.github.moqmux.mp4.Boxes.b;
import static io.github.moqmux.mp4.Boxes.box;
import static io.github.moqmux.mp4.Boxes.buf;
import static io.github.moqmux.mp4.Boxes.cat;
import static io.github.moqmux.mp4.Boxes.find;
import static io.github.moqmux.mp4.Boxes.fullBox;
import static io.github.moqmux.mp4.Boxes.mfhd;
import static io.github.moqmux.mp4.Boxes.tfdt0;
import static io.github.moqmux.mp4.Boxes.tfdt1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class MoofParserTest {
    static Moof parse(byte[] moof, long offset) {
        ByteBuf buf = buf(moof);
        try {
            return Mp4Parser.parseMoof(buf, offset);
        } finally {
            buf.release();
        }
    }

    static MoqMuxException fail(byte[] moof) {
        try {
            parse(moof, 0);
        } catch (MoqMuxException e) {
            return e;
        }
        throw new AssertionError("expected MoqMuxException");
    }

    static byte[] tfhd(int flags, long... fields) {
        Boxes.B p = b().u32(fields[0]);
        int i = 1;
        if ((flags & 0x1) != 0) {
            p.u64(fields[i++]);
        }
        for (int flag : new int[] {0x2, 0x8, 0x10, 0x20}) {
            if ((flags & flag) != 0) {
                p.u32(fields[i++]);
            }
        }
        return fullBox("tfhd", 0, flags, p.build());
    }

    @Test
    void parsesTfhdVariants() {
        Tfhd none = parse(box("moof", box("traf", tfhd(0, 5))), 0).trafs().get(0).tfhd();
        assertThat(none).isEqualTo(new Tfhd(0, 5, 0, 0, 0, 0, 0));
        assertThat(none.hasBaseDataOffset() || none.hasSampleDescriptionIndex() || none.hasDefaultSampleDuration()
                || none.hasDefaultSampleSize() || none.hasDefaultSampleFlags() || none.durationIsEmpty()
                || none.defaultBaseIsMoof()).isFalse();

        Tfhd all = parse(box("moof", box("traf", tfhd(0x3003B, 7, 0x1_0000_0000L, 2, 1001, 4000, 0x01010000))), 0)
                .trafs().get(0).tfhd();
        assertThat(all).isEqualTo(new Tfhd(0x3003B, 7, 0x1_0000_0000L, 2, 1001, 4000, 0x01010000));
        assertThat(all.hasBaseDataOffset()).isTrue();
        assertThat(all.hasSampleDescriptionIndex()).isTrue();
        assertThat(all.hasDefaultSampleDuration()).isTrue();
        assertThat(all.hasDefaultSampleSize()).isTrue();
        assertThat(all.hasDefaultSampleFlags()).isTrue();
        assertThat(all.durationIsEmpty()).isTrue();
        assertThat(all.defaultBaseIsMoof()).isTrue();

        // each optional field alone lands in the right component
        assertThat(tfhdOf(0x1, 1, 99)).isEqualTo(new Tfhd(0x1, 1, 99, 0, 0, 0, 0));
        assertThat(tfhdOf(0x2, 1, 3)).isEqualTo(new Tfhd(0x2, 1, 0, 3, 0, 0, 0));
        assertThat(tfhdOf(0x8, 1, 0xFFFFFFFFL)).isEqualTo(new Tfhd(0x8, 1, 0, 0, 0xFFFFFFFFL, 0, 0));
        assertThat(tfhdOf(0x10, 1, 512)).isEqualTo(new Tfhd(0x10, 1, 0, 0, 0, 512, 0));
        assertThat(tfhdOf(0x20, 1, 0x80000000L)).isEqualTo(new Tfhd(0x20, 1, 0, 0, 0, 0, 0x80000000));
        assertThat(tfhdOf(0x20000, 0xFFFFFFFFL)).isEqualTo(new Tfhd(0x20000, 0xFFFFFFFFL, 0, 0, 0, 0, 0));
    }

    private static Tfhd tfhdOf(int flags, long... fields) {
        return parse(box("moof", box("traf", tfhd(flags, fields))), 0).trafs().get(0).tfhd();
    }

    @Test
    void tfhdBaseDataOffsetAboveLongMaxIsMalformed() {
        byte[] moof = box("moof", box("traf", fullBox("tfhd", 0, 1, b().u32(1).u64(-1L).build())));
        MoqMuxException e = fail(moof);
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(e.offset()).isEqualTo(find(moof, "tfhd") + 16);
    }

    @Test
    void parsesTfdtVersions() {
        Traf t0 = parse(box("moof", box("traf", tfhd(0, 1), tfdt0(0xFFFFFFFFL))), 0).trafs().get(0);
        assertThat(t0.tfdt()).isEqualTo(new Tfdt(0, 0xFFFFFFFFL));
        Traf t1 = parse(box("moof", box("traf", tfhd(0, 1), tfdt1(0x1234_5678_9ABCL))), 0).trafs().get(0);
        assertThat(t1.tfdt()).isEqualTo(new Tfdt(1, 0x1234_5678_9ABCL));
        Traf none = parse(box("moof", box("traf", tfhd(0, 1))), 0).trafs().get(0);
        assertThat(none.tfdt()).isNull();
        assertThat(none.truns()).isEmpty();
        assertThat(fail(box("moof", box("traf", tfhd(0, 1), tfdt1(-5)))).kind()).isEqualTo(Kind.BAD_TIMESTAMP);
        assertThat(fail(box("moof", box("traf", tfhd(0, 1), fullBox("tfdt", 2, 0, new byte[8])))).kind())
                .isEqualTo(Kind.UNSUPPORTED);
        assertThat(fail(box("moof", box("traf", tfhd(0, 1), fullBox("tfdt", 1, 0, new byte[4])))).kind())
                .isEqualTo(Kind.TRUNCATED);
    }

    @Test
    void parsesTrunVersion0WithEveryField() {
        byte[] trun = fullBox("trun", 0, 0xF05, b().u32(3).u32(-200).u32(0x02000000)
                .u32(1000).u32(500).u32(0x01010000).u32(0xFFFFFFFFL)
                .u32(1001).u32(0xFFFFFFF0L).u32(0x00010000).u32(2000)
                .u32(0).u32(7).u32(0x01010000).u32(0).build());
        Trun t = parse(box("moof", mfhd(9), box("traf", tfhd(0x20000, 1), tfdt1(90000), trun)), 0)
                .trafs().get(0).truns().get(0);
        assertThat(t.version()).isZero();
        assertThat(t.flags()).isEqualTo(0xF05);
        assertThat(t.sampleCount()).isEqualTo(3);
        assertThat(t.hasDataOffset()).isTrue();
        assertThat(t.dataOffset()).isEqualTo(-200);
        assertThat(t.hasFirstSampleFlags()).isTrue();
        assertThat(t.firstSampleFlags()).isEqualTo(0x02000000);
        assertThat(t.hasSampleDurations()).isTrue();
        assertThat(t.hasSampleSizes()).isTrue();
        assertThat(t.hasSampleFlags()).isTrue();
        assertThat(t.hasCompositionOffsets()).isTrue();
        assertThat(new long[] {t.duration(0), t.duration(1), t.duration(2)}).containsExactly(1000, 1001, 0);
        assertThat(new long[] {t.size(0), t.size(1), t.size(2)}).containsExactly(500, 0xFFFFFFF0L, 7);
        assertThat(new int[] {t.flags(0), t.flags(1), t.flags(2)}).containsExactly(0x01010000, 0x00010000,
                0x01010000);
        // version 0: unsigned
        assertThat(t.compositionOffset(0)).isEqualTo(0xFFFFFFFFL);
        assertThat(t.compositionOffset(1)).isEqualTo(2000);
    }

    @Test
    void parsesTrunVersion1WithNegativeCompositionOffsets() {
        byte[] trun = fullBox("trun", 1, 0xA01, b().u32(2).u32(120).u32(300).u32(-1001).u32(400).u32(2002).build());
        Trun t = parse(box("moof", box("traf", tfhd(0, 1), trun)), 0).trafs().get(0).truns().get(0);
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.dataOffset()).isEqualTo(120);
        assertThat(t.hasFirstSampleFlags()).isFalse();
        assertThat(t.firstSampleFlags()).isZero();
        assertThat(t.hasSampleDurations()).isFalse();
        assertThat(t.hasSampleFlags()).isFalse();
        assertThat(t.size(0)).isEqualTo(300);
        assertThat(t.compositionOffset(0)).isEqualTo(-1001);
        assertThat(t.size(1)).isEqualTo(400);
        assertThat(t.compositionOffset(1)).isEqualTo(2002);
        assertThatThrownBy(() -> t.duration(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> t.flags(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void trunWithoutPerSampleFieldsNeedsNoBytes() {
        byte[] trun = fullBox("trun", 0, 0x4, b().u32(50).u32(0x02000000).build());
        Trun t = parse(box("moof", box("traf", tfhd(0x38, 1, 1000, 100, 0x01010000), trun)), 0)
                .trafs().get(0).truns().get(0);
        assertThat(t.sampleCount()).isEqualTo(50);
        assertThat(t.hasDataOffset()).isFalse();
        assertThat(t.dataOffset()).isZero();
        assertThat(t.hasSampleSizes()).isFalse();
        assertThat(t.firstSampleFlags()).isEqualTo(0x02000000);
    }

    @Test
    void hugeSampleCountFailsFastWithoutAllocating() {
        byte[] trun = fullBox("trun", 0, 0xF01, b().u32(0x7FFFFFFF).u32(0).zeros(20).build());
        byte[] moof = box("moof", box("traf", tfhd(0, 1), trun));
        MoqMuxException e = fail(moof);
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(e.offset()).isEqualTo(find(moof, "trun") + 12);

        byte[] u32Max = box("moof", box("traf", tfhd(0, 1), fullBox("trun", 0, 0x100, b().u32(0xFFFFFFFFL)
                .zeros(28).build())));
        MoqMuxException e2 = fail(u32Max);
        assertThat(e2.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(e2.getMessage()).contains("4294967295");

        // above 2^31-1 even without per-sample fields
        MoqMuxException e3 = fail(box("moof", box("traf", tfhd(0, 1),
                fullBox("trun", 0, 0, b().u32(0x80000000L).build()))));
        assertThat(e3.kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void moofMetadataAndMultipleTrafs() {
        byte[] traf1 = box("traf", tfhd(0x20000, 1), tfdt1(0),
                fullBox("trun", 0, 0x201, b().u32(1).u32(100).u32(10).build()));
        byte[] traf2 = box("traf", tfhd(0x20000, 2), tfdt0(5),
                fullBox("trun", 0, 0x201, b().u32(1).u32(110).u32(20).build()),
                fullBox("trun", 0, 0x200, b().u32(2).u32(1).u32(2).build()),
                box("sbgp", new byte[12]));
        byte[] moof = box("moof", mfhd(42), traf1, traf2);
        Moof m = parse(cat(moof), 1_000_000);
        assertThat(m.offset()).isEqualTo(1_000_000);
        assertThat(m.size()).isEqualTo(moof.length);
        assertThat(m.end()).isEqualTo(1_000_000 + moof.length);
        assertThat(m.sequenceNumber()).isEqualTo(42);
        assertThat(m.trafs()).hasSize(2);
        assertThat(m.trafs().get(0).offset()).isEqualTo(1_000_000 + find(moof, "traf"));
        assertThat(m.trafs().get(1).offset()).isEqualTo(1_000_000 + find(moof, "traf") + traf1.length);
        assertThat(m.trafs().get(1).trackId()).isEqualTo(2);
        assertThat(m.trafs().get(1).truns()).hasSize(2);
        assertThat(m.trafs().get(1).sampleCount()).isEqualTo(3);
    }

    @Test
    void missingMfhdGivesSequenceZeroAndMissingTfhdFails() {
        assertThat(parse(box("moof", box("traf", tfhd(0, 1))), 0).sequenceNumber()).isZero();
        byte[] moof = box("moof", mfhd(1), box("traf", tfdt0(0)));
        MoqMuxException e = fail(moof);
        assertThat(e.kind()).isEqualTo(Kind.MISSING_BOX);
        assertThat(e.offset()).isEqualTo(find(moof, "traf"));
    }

    @Test
    void childLargerThanParentFailsWithTheChildsOffset() {
        byte[] moof = box("moof", mfhd(1), box("traf", tfhd(0, 1), tfdt0(0)));
        int tfdt = find(moof, "tfdt");
        moof[tfdt + 3] = 17; // one byte more than the traf holds
        MoqMuxException e = fail(moof);
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(e.offset()).isEqualTo(tfdt);
    }

    @Test
    void trunFieldsRunningPastTheBoxAreTruncated() {
        byte[] moof = box("moof", box("traf", tfhd(0, 1), fullBox("trun", 0, 0x5, b().u32(1).u32(8).build())));
        MoqMuxException e = fail(moof);
        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(e.offset()).isEqualTo(find(moof, "trun") + 20);
    }

    @Test
    void trunConstructorValidatesAndCopies() {
        int[] sizes = {1, 2};
        Trun t = new Trun(0, 0x200, 2, 0, 0, null, sizes, null, null);
        sizes[0] = 99;
        assertThat(t.size(0)).isEqualTo(1);
        assertThat(t).isEqualTo(new Trun(0, 0x200, 2, 0, 0, null, new int[] {1, 2}, null, null));
        assertThatThrownBy(() -> new Trun(0, 0x200, 2, 0, 0, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Trun(0, 0x200, 3, 0, 0, null, new int[2], null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Trun(0, 0, 1, 0, 0, new int[1], null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
