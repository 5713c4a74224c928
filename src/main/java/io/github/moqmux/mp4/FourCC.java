package io.github.moqmux.mp4;

import java.nio.charset.StandardCharsets;

/**
 * Four-character codes of box and sample entry types, packed big-endian into an {@code int} so
 * that they can be compared with {@code ==} and used in {@code switch}. The codes here are those of
 * the file structure; a codec family's own codes (its sample entry types and configuration box)
 * are constants of its configuration record, e.g. {@link DfLa#TYPE} and {@link DfLa#FLAC}.
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
    /** Pixel aspect ratio box. */
    public static final int PASP = of("pasp");
    /** Colour information box. */
    public static final int COLR = of("colr");
    /** Bit rate box. */
    public static final int BTRT = of("btrt");
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
