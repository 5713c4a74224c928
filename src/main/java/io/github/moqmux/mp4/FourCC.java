package io.github.moqmux.mp4;

import java.nio.charset.StandardCharsets;

/**
 * Four-character codes of box and sample entry types, packed big-endian into an {@code int} so
 * that they can be compared with {@code ==} and used in {@code switch}.
 */
public final class FourCC {
    /** File type box. */
    public static final int FTYP = of("ftyp");
    /** Segment type box. */
    public static final int STYP = of("styp");
    /** Movie box. */
    public static final int MOOV = of("moov");
    /** Movie header box. */
    public static final int MVHD = of("mvhd");
    /** Track box. */
    public static final int TRAK = of("trak");
    /** Track header box. */
    public static final int TKHD = of("tkhd");
    /** Edit box. */
    public static final int EDTS = of("edts");
    /** Edit list box. */
    public static final int ELST = of("elst");
    /** Media box. */
    public static final int MDIA = of("mdia");
    /** Media header box. */
    public static final int MDHD = of("mdhd");
    /** Handler reference box. */
    public static final int HDLR = of("hdlr");
    /** Media information box. */
    public static final int MINF = of("minf");
    /** Sample table box. */
    public static final int STBL = of("stbl");
    /** Sample description box. */
    public static final int STSD = of("stsd");
    /** Decoding time to sample. */
    public static final int STTS = of("stts");
    /** Composition time to sample. */
    public static final int CTTS = of("ctts");
    /** Sample sizes. */
    public static final int STSZ = of("stsz");
    /** Compact sample sizes. */
    public static final int STZ2 = of("stz2");
    /** Sample to chunk. */
    public static final int STSC = of("stsc");
    /** 32-bit chunk offsets. */
    public static final int STCO = of("stco");
    /** 64-bit chunk offsets. */
    public static final int CO64 = of("co64");
    /** Sync samples. */
    public static final int STSS = of("stss");
    /** Movie extends box. */
    public static final int MVEX = of("mvex");
    /** Track extends box. */
    public static final int TREX = of("trex");
    /** Movie fragment box. */
    public static final int MOOF = of("moof");
    /** Movie fragment header box. */
    public static final int MFHD = of("mfhd");
    /** Track fragment box. */
    public static final int TRAF = of("traf");
    /** Track fragment header box. */
    public static final int TFHD = of("tfhd");
    /** Track fragment decode time box. */
    public static final int TFDT = of("tfdt");
    /** Track fragment run box. */
    public static final int TRUN = of("trun");
    /** Media data box. */
    public static final int MDAT = of("mdat");
    /** H.264 sample entry, parameter sets in the sample entry only. */
    public static final int AVC1 = of("avc1");
    /** H.264 sample entry, parameter sets may also be in-band. */
    public static final int AVC3 = of("avc3");
    /** H.265 sample entry, parameter sets in the sample entry only. */
    public static final int HVC1 = of("hvc1");
    /** H.265 sample entry, parameter sets may also be in-band. */
    public static final int HEV1 = of("hev1");
    /** VP8 sample entry. */
    public static final int VP08 = of("vp08");
    /** VP9 sample entry. */
    public static final int VP09 = of("vp09");
    /** AV1 sample entry. */
    public static final int AV01 = of("av01");
    /** MPEG-4 audio (AAC) sample entry. */
    public static final int MP4A = of("mp4a");
    /** Opus sample entry (capital O, as registered). */
    public static final int OPUS = of("Opus");
    /** AVC decoder configuration box. */
    public static final int AVCC = of("avcC");
    /** HEVC decoder configuration box. */
    public static final int HVCC = of("hvcC");
    /** VP codec configuration box. */
    public static final int VPCC = of("vpcC");
    /** AV1 codec configuration box. */
    public static final int AV1C = of("av1C");
    /** Pixel aspect ratio box. */
    public static final int PASP = of("pasp");
    /** Colour information box. */
    public static final int COLR = of("colr");
    /** Bit rate box. */
    public static final int BTRT = of("btrt");
    /** Elementary stream descriptor box. */
    public static final int ESDS = of("esds");
    /** Opus specific box. */
    public static final int DOPS = of("dOps");
    /** FLAC sample entry (Encapsulation of FLAC in ISO Base Media File Format §3.3.1). */
    public static final int FLAC = of("fLaC");
    /** FLAC specific box. */
    public static final int DFLA = of("dfLa");
    /** MP3 sample entry as QuickTime writes it (MPEG-1/2 layer III). */
    public static final int MP3 = of(".mp3");
    /** AC-3 sample entry (ETSI TS 102 366 Annex F). */
    public static final int AC_3 = of("ac-3");
    /** AC-3 specific box. */
    public static final int DAC3 = of("dac3");
    /** E-AC-3 sample entry (ETSI TS 102 366 Annex F). */
    public static final int EC_3 = of("ec-3");
    /** E-AC-3 specific box. */
    public static final int DEC3 = of("dec3");
    /** Encrypted video sample entry (ISO/IEC 23001-7). */
    public static final int ENCV = of("encv");
    /** Encrypted audio sample entry (ISO/IEC 23001-7). */
    public static final int ENCA = of("enca");
    /** Protection scheme information box. */
    public static final int SINF = of("sinf");
    /** Original format box (inside {@code sinf}). */
    public static final int FRMA = of("frma");
    /** Scheme type box (inside {@code sinf}). */
    public static final int SCHM = of("schm");
    /** Segment index box. */
    public static final int SIDX = of("sidx");
    /** Free space box. */
    public static final int FREE = of("free");
    /** Free space box. */
    public static final int SKIP = of("skip");
    /** User-extended box type, followed by a 16-byte extended type in the header. */
    public static final int UUID = of("uuid");
    /** Movie extends header box. */
    public static final int MEHD = of("mehd");
    /** QuickTime sound description extension, a container that may hold the {@code esds}. */
    public static final int WAVE = of("wave");
    /** Sampling rate box of ISO audio sample entries of version 1. */
    public static final int SRAT = of("srat");
    /** Handler type of video tracks. */
    public static final int VIDE = of("vide");
    /** Handler type of audio tracks. */
    public static final int SOUN = of("soun");
    /** Colour type carrying ISO/IEC 23091-2 code points and a full range flag. */
    public static final int NCLX = of("nclx");
    /** QuickTime colour type carrying code points without a full range flag. */
    public static final int NCLC = of("nclc");

    private FourCC() {
    }

    /**
     * Packs four characters into a type code.
     *
     * @param fourChars exactly four characters, each in the range 0–255
     * @return the big-endian packed code
     * @throws IllegalArgumentException if the string is not four single-byte characters
     */
    public static int of(String fourChars) {
        if (fourChars == null || fourChars.length() != 4) {
            throw new IllegalArgumentException("a four-character code needs exactly 4 characters: " + fourChars);
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char c = fourChars.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("not a single-byte character in four-character code: " + fourChars);
            }
            v = (v << 8) | c;
        }
        return v;
    }

    /**
     * Renders a type code for messages and logs.
     *
     * @param type the packed code
     * @return the four characters when they are printable ASCII, else {@code 0x} and 8 hex digits
     *     (so that hostile input cannot inject control characters into logs)
     */
    public static String toString(int type) {
        byte[] b = {(byte) (type >>> 24), (byte) (type >>> 16), (byte) (type >>> 8), (byte) type};
        for (byte c : b) {
            if (c < 0x20 || c > 0x7E) {
                return String.format("0x%08x", type);
            }
        }
        return new String(b, StandardCharsets.US_ASCII);
    }
}
