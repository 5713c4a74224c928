package io.github.moqmux.catalog;

import java.util.Objects;

/**
 * An audio codec with the parameters that make up its WebCodecs codec string. Its {@code toString()}
 * returns that string and {@link #parse(String)} reads it back:
 * {@code AudioCodec.parse(c.toString()).equals(c)} holds for every value.
 *
 * <p>Strings follow the WebCodecs AAC and Opus registrations ({@code "mp4a.40.2"},
 * {@code "mp4a.40.5"}, {@code "mp4a.40.29"}, {@code "mp4a.67"}, {@code "opus"}). For OTI 0x40
 * they equal what mp4box.js reports: {@code "mp4a." + two lowercase hex digits of the OTI + "." +}
 * the audio object type in decimal, with the escape value 31 resolved to {@code 32 + 6 more bits}.
 * For OTI 0x67 mp4box.js appends the object type as well ({@code "mp4a.67.2"}); the WebCodecs AAC
 * registration lists only {@code "mp4a.67"}, so that is used. For Opus mp4box.js reports the sample
 * entry type {@code "Opus"}; WebCodecs registers {@code "opus"}. FLAC, MP3, AC-3 and E-AC-3 take
 * no parameters: {@code "flac"}, {@code "mp3"}, {@code "ac-3"}, {@code "ec-3"}.
 *
 * <pre>{@code
 * AudioCodec aac = AudioCodec.parse("mp4a.40.2");          // AAC LC
 * AudioConfig config = AudioConfig.of(aac, 48000, 2)
 *     .withDescription(audioSpecificConfig)               // the esds DecoderSpecificInfo bytes
 *     .withBitrate(128_000L);
 * }</pre>
 *
 * <p>Sealed without a permits clause: the compiler permits exactly the records nested here, so
 * there is no list to keep. {@link #parse(String)} names each one: the catalog reads codec strings from
 * the wire without the importer, so it must know every codec it accepts.
 */
public sealed interface AudioCodec {

    /**
     * Parses a codec string.
     *
     * @param codec e.g. {@code "mp4a.40.2"}, {@code "mp4a.40.02"}, {@code "mp4a.67"}, {@code "opus"},
     *              {@code "flac"}, {@code "mp3"}, {@code "ac-3"} or {@code "ec-3"}
     * @return the codec
     * @throws io.github.moqmux.MoqMuxException of kind {@code UNSUPPORTED} for a codec this library
     *     does not know (including other MPEG-4 object type indications), {@code MALFORMED} for a
     *     known codec with bad parameters
     */
    static AudioCodec parse(String codec) {
        Objects.requireNonNull(codec, "codec");
        int dot = codec.indexOf('.');
        String family = dot < 0 ? codec : codec.substring(0, dot);
        AudioCodec plain = switch (family) {
            case "opus" -> new Opus();
            case "flac" -> new Flac();
            case "mp3" -> new Mp3();
            case "ac-3" -> new Ac3();
            case "ec-3" -> new Eac3();
            default -> null;
        };
        if (plain != null) {
            if (dot >= 0) {
                throw CodecFields.split(codec).malformed(family + " takes no parameters");
            }
            return plain;
        }
        if (!family.equals("mp4a")) {
            throw CodecFields.unsupported(codec, "audio");
        }
        CodecFields f = CodecFields.split(codec);
        if (f.count() < 2) {
            throw f.malformed("missing object type indication");
        }
        int oti = (int) f.hex(f.get(1), 2, 2, "object type indication");
        if (oti == Aac.OTI_MPEG2_AAC_LC) {
            f.requireCount(2, 2);
            return new Aac(oti, 2);
        }
        if (oti != Aac.OTI_MPEG4_AUDIO) {
            throw CodecFields.unsupported(codec, "audio");
        }
        f.requireCount(3, 3);
        // WebCodecs also registers "mp4a.40.02"/"mp4a.40.05" (leading zero for Aud-OTI), so 1–2 digits.
        int aot = f.dec(f.get(2), 1, 2, 95, "audio object type");
        if (aot == 0 || aot == 31) {
            throw f.malformed("audio object type " + aot + " is not a real object type");
        }
        return new Aac(oti, aot);
    }

    /**
     * AAC in MP4, from the {@code esds} box.
     *
     * <p>With OTI 0x40 (MPEG-4 audio) the string is {@code "mp4a.40.<audio object type>"}; with OTI
     * 0x67 (MPEG-2 AAC LC) it is {@code "mp4a.67"} and the audio object type is always 2 (AAC LC):
     * the constructor stores 2 whatever is passed, because the string cannot carry another value and
     * {@code parse(toString())} must give back an equal codec.
     *
     * @param objectTypeIndication 0x40 or 0x67, from the DecoderConfigDescriptor
     * @param audioObjectType      from the AudioSpecificConfig, 1–95 (31 is the escape value, so
     *                             types from 32 on are the escaped ones)
     */
    record Aac(int objectTypeIndication, int audioObjectType) implements AudioCodec {
        /** MPEG-4 audio (ISO/IEC 14496-3). */
        public static final int OTI_MPEG4_AUDIO = 0x40;
        /** MPEG-2 AAC Low Complexity profile (ISO/IEC 13818-7). */
        public static final int OTI_MPEG2_AAC_LC = 0x67;

        /**
         * Checks the OTI and the object type; fixes the object type to 2 for OTI 0x67.
         *
         * @param objectTypeIndication 0x40 or 0x67
         * @param audioObjectType      1–95, not 31; ignored for 0x67
         */
        public Aac {
            if (objectTypeIndication == OTI_MPEG2_AAC_LC) {
                audioObjectType = 2;
            } else if (objectTypeIndication != OTI_MPEG4_AUDIO) {
                throw new IllegalArgumentException(
                        "objectTypeIndication must be 0x40 or 0x67, was 0x" + Integer.toHexString(objectTypeIndication));
            }
            if (audioObjectType < 1 || audioObjectType > 95 || audioObjectType == 31) {
                throw new IllegalArgumentException("audioObjectType must be in [1, 95] and not the escape 31, was "
                        + audioObjectType);
            }
        }

        /** @return {@code "mp4a.40.<aot>"} or {@code "mp4a.67"} */
        @Override
        public String toString() {
            return objectTypeIndication == OTI_MPEG2_AAC_LC ? "mp4a.67" : "mp4a.40." + audioObjectType;
        }
    }

    /** Opus, from the {@code dOps} box: the codec string is {@code "opus"}. */
    record Opus() implements AudioCodec {
        /** @return {@code "opus"} */
        @Override
        public String toString() {
            return "opus";
        }
    }

    /** FLAC, from the {@code dfLa} box: the codec string is {@code "flac"}. */
    record Flac() implements AudioCodec {
        /** @return {@code "flac"} */
        @Override
        public String toString() {
            return "flac";
        }
    }

    /**
     * MP3 (MPEG-1/2 audio layer III), from a {@code .mp3} sample entry or an {@code mp4a} one with
     * object type indication 0x6B or 0x69: the codec string is {@code "mp3"}.
     */
    record Mp3() implements AudioCodec {
        /** @return {@code "mp3"} */
        @Override
        public String toString() {
            return "mp3";
        }
    }

    /** AC-3, from an {@code ac-3} sample entry: the codec string is {@code "ac-3"}. */
    record Ac3() implements AudioCodec {
        /** @return {@code "ac-3"} */
        @Override
        public String toString() {
            return "ac-3";
        }
    }

    /** E-AC-3, from an {@code ec-3} sample entry: the codec string is {@code "ec-3"}. */
    record Eac3() implements AudioCodec {
        /** @return {@code "ec-3"} */
        @Override
        public String toString() {
            return "ec-3";
        }
    }
}
