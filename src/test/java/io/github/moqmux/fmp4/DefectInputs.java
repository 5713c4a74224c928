package io.github.moqmux.fmp4;

import static io.github.moqmux.fmp4.HostileImportTest.H264_AAC;
import static io.github.moqmux.fmp4.HostileImportTest.INIT;
import static io.github.moqmux.fmp4.HostileImportTest.MDAT;
import static io.github.moqmux.fmp4.HostileImportTest.VIDEO_TRUN;
import static io.github.moqmux.fmp4.Mp4Bytes.box;
import static io.github.moqmux.fmp4.Mp4Bytes.cat;
import static io.github.moqmux.fmp4.Mp4Bytes.find;
import static io.github.moqmux.fmp4.Mp4Bytes.header;
import static io.github.moqmux.fmp4.Mp4Bytes.patched;
import static io.github.moqmux.fmp4.Mp4Bytes.putU32;
import static io.github.moqmux.fmp4.Mp4Bytes.range;
import static io.github.moqmux.fmp4.Mp4Bytes.u32;
import static io.github.moqmux.fmp4.Mp4Bytes.u32s;

import io.github.moqmux.fmp4.Mp4Bytes.Box;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The minimal reproducers of issue 12's defects, built from {@code testdata/h264_aac.mp4}
 * (ftyp@0, moov@28, moof@1221 with the video trun@1301, mdat@2001, moof@48435) or by hand.
 * Shared by {@link HostileInputDefectsTest}, the CLI tests and the fuzz seeds.
 */
public final class DefectInputs {
    static final Box FTYP = find(H264_AAC, "ftyp");
    /** The first fragment: init, moof and mdat, 48435 bytes. */
    public static final byte[] FIRST_FRAGMENT = Arrays.copyOf(H264_AAC, find(H264_AAC, "moof", 1).offset());

    private DefectInputs() {
    }

    /** Defect 1: ftyp, then a {@code free} box with a 64-bit size of 2^63-1: 44 bytes. */
    public static byte[] freeOfLongMaxValue() {
        return cat(range(H264_AAC, FTYP), header(1, "free", Long.MAX_VALUE));
    }

    /**
     * Defect 2: the first fragment, whose mdat header is replaced by a 64-bit one declaring
     * 2^63-2 bytes (16-byte header: the trun data offsets move by 8 bytes).
     */
    public static byte[] mdatNearLongMaxValue() {
        byte[] fragment = Arrays.copyOf(H264_AAC, MDAT.end());
        for (int n = 0; n < 2; n++) {
            Box trun = find(fragment, "trun", n);
            putU32(fragment, trun.payload() + 8, u32(fragment, trun.payload() + 8) + 8);
        }
        return cat(Arrays.copyOf(fragment, MDAT.offset()), header(1, "mdat", Long.MAX_VALUE - 1),
            Arrays.copyOfRange(fragment, MDAT.payload(), MDAT.end()));
    }

    /** The fixture's first video sample (a keyframe), by the first trun's first size. */
    public static byte[] firstKeyframe() {
        long size = u32(H264_AAC, VIDEO_TRUN.payload() + 16);
        return Arrays.copyOfRange(H264_AAC, MDAT.payload(), MDAT.payload() + (int) size);
    }

    /**
     * Defect 3: init, then one moof with two trafs of the video track (legal: ISO/IEC 14496-12
     * allows any number of trafs per track in a moof), one keyframe each, and their mdat.
     */
    public static byte[] twoTrafsOfOneTrack() {
        byte[] key = firstKeyframe();
        int trafSize = 8 + 16 + 20 + 32;
        int moofSize = 8 + 16 + 2 * trafSize;
        byte[] moof = box("moof", box("mfhd", u32s(0, 1)),
            traf(0, moofSize + 8, key.length), traf(512, moofSize + 8 + key.length, key.length));
        check(moof.length == moofSize);
        return cat(INIT, moof, box("mdat", key, key));
    }

    private static byte[] traf(long decodeTime, int dataOffset, int size) {
        // tfhd: default-base-is-moof, track 1; tfdt v1; trun: data offset, duration, size, flags
        return box("traf", box("tfhd", u32s(0x020000, 1)), box("tfdt", u32s(0x01000000, 0, decodeTime)),
            box("trun", u32s(0x000701, 1, dataOffset, 512, size, 0x02000000)));
    }

    /** Defect 4: an ftyp header declaring 60 MiB, and 20 bytes of it: 28 bytes. */
    public static byte[] ftypOf60MiB() {
        return patched(range(H264_AAC, FTYP), f -> putU32(f, 0, 60L << 20));
    }

    /** Defect 4: a bit flip in the fixture's ftyp size (28 + 2^25 bytes, more than the file). */
    public static byte[] ftypSizeBitFlip() {
        return patched(H264_AAC, f -> putU32(f, 0, FTYP.size() | (1L << 25)));
    }

    /** Defect 6: the fixture's init repeated in front of every fragment, as some packagers do. */
    public static byte[] repeatedInit() {
        Box moov = find(H264_AAC, "moov");
        Box moof2 = find(H264_AAC, "moof", 1);
        return cat(Arrays.copyOf(H264_AAC, moof2.offset()), range(H264_AAC, moov),
            Arrays.copyOfRange(H264_AAC, moof2.offset(), H264_AAC.length));
    }

    /**
     * Defect 8: init, then a moof whose one trun declares 100 000 samples (the per-fragment
     * limit) without per-sample fields, all of tfhd-default size 0, and an empty mdat: 100 000
     * frames from 100 bytes.
     */
    public static byte[] zeroSizeSamples() {
        // tfhd: default-base-is-moof + default duration + default size (0x020018), track 1, 512, 0
        byte[] traf = box("traf", box("tfhd", u32s(0x020018, 1, 512, 0)), box("tfdt", u32s(0x01000000, 0, 0)),
            box("trun", u32s(0x000001, 100_000, 96 + 8)));
        byte[] moof = box("moof", box("mfhd", u32s(0, 1)), traf);
        check(moof.length == 96);
        return cat(INIT, moof, box("mdat"));
    }

    /** Defect 12: the first fragment, then a zeroed box header and more bytes. */
    public static byte[] zeroedHeaderAfterAFragment() {
        return cat(FIRST_FRAGMENT, new byte[8], Arrays.copyOfRange(H264_AAC, FIRST_FRAGMENT.length, H264_AAC.length));
    }

    /** Defect 12: init, then bytes that are no box: size 1000, type 01 02 03 04. */
    public static byte[] garbageAfterInit() {
        byte[] junk = new byte[2000];
        putU32(junk, 0, 1000);
        junk[4] = 1;
        junk[5] = 2;
        junk[6] = 3;
        junk[7] = 4;
        return cat(INIT, junk);
    }

    /** Defect 10: the video trun's data_offset set to {@code value}. */
    public static byte[] dataOffset(long value) {
        return patched(H264_AAC, f -> putU32(f, VIDEO_TRUN.payload() + 8, value));
    }

    /** Defect 10: a tfhd whose explicit base_data_offset is 2^40, far past any input. */
    public static byte[] farBaseDataOffset() {
        byte[] traf = box("traf", box("tfhd", u32s(0x000001, 1, 0x100, 0)), box("tfdt", u32s(0x01000000, 0, 0)),
            box("trun", u32s(0x000301, 1, 0, 512, 100)));
        return cat(INIT, box("moof", box("mfhd", u32s(0, 1)), traf), box("mdat", new byte[100]));
    }

    private static void check(boolean layout) {
        if (!layout) {
            throw new IllegalStateException("hand-built box sizes do not add up");
        }
    }

    /** @return every reproducer by a file name for the fuzz seeds */
    public static Map<String, byte[]> all() {
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put("d01_free_of_long_max_value", freeOfLongMaxValue());
        all.put("d02_mdat_near_long_max_value", mdatNearLongMaxValue());
        all.put("d03_two_trafs_of_one_track", twoTrafsOfOneTrack());
        all.put("d04_ftyp_of_60_mib", ftypOf60MiB());
        all.put("d04_ftyp_size_bit_flip", ftypSizeBitFlip());
        all.put("d06_repeated_init", repeatedInit());
        all.put("d08_zero_size_samples", zeroSizeSamples());
        all.put("d10_data_offset_far", dataOffset(0x7FFFFFFFL));
        all.put("d10_data_offset_negative", dataOffset(-5000));
        all.put("d10_far_base_data_offset", farBaseDataOffset());
        all.put("d12_zeroed_header", zeroedHeaderAfterAFragment());
        all.put("d12_garbage_after_init", garbageAfterInit());
        return all;
    }
}
