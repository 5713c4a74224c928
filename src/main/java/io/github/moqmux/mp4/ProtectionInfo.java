package io.github.moqmux.mp4;

/**
 * Reads the protection scheme information ({@code sinf}: {@code frma} and {@code schm},
 * ISO/IEC 14496-12 §8.12) of an encrypted sample entry, so that a refusal can say the track is
 * encrypted and with which scheme.
 */
final class ProtectionInfo {
    private ProtectionInfo() {
    }

    /**
     * @param p      the payload of an {@code encv} or {@code enca} entry
     * @param audio  whether it is {@code enca} (audio layout) rather than {@code encv} (visual)
     * @param offset absolute offset of the entry
     * @return the encrypted entry, or an unknown one when it carries no {@code sinf}
     */
    static SampleEntry entry(Span p, boolean audio, long offset) {
        int fixed = SampleEntryParser.VISUAL_FIXED;
        if (audio) {
            fixed = SampleEntryParser.AUDIO_FIXED;
            if (p.remaining() >= 10) {
                // QuickTime sound description versions 1 and 2 have 16 and 36 more bytes of fields.
                int version = p.buf.getUnsignedShort(p.pos + 8);
                fixed += version == 1 ? 16 : version == 2 ? 36 : 0;
            }
        }
        if (p.remaining() < fixed) {
            return new UnknownSampleEntry(p.type, offset);
        }
        p.skip(fixed, "sample entry fields");
        ChildIter it = p.children();
        while (it.next()) {
            if (it.type() == FourCC.SINF) {
                int original = 0;
                int scheme = 0;
                ChildIter s = it.payload().children();
                while (s.next()) {
                    Span c = s.payload();
                    if (s.type() == FourCC.FRMA && original == 0) {
                        original = c.i32("data_format");
                    } else if (s.type() == FourCC.SCHM && scheme == 0) {
                        c.fullBoxHeader();
                        scheme = c.i32("scheme_type");
                    }
                }
                return new EncryptedSampleEntry(p.type, original, scheme, offset);
            }
        }
        return new UnknownSampleEntry(p.type, offset);
    }
}
