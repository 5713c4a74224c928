package io.github.moqmux.mp4;

import java.util.function.Function;

/**
 * One sample entry format the parser decodes: its four-character code, the layout of its fixed
 * fields (visual or audio) and the child box that holds its decoder configuration, with the
 * method that parses that box. Each codec family declares its formats as constants of its
 * configuration record (e.g. {@link DfLa#FLAC}), next to the code that parses the box; the
 * parser's one list of them is {@link SampleEntryFormats#all()}.
 */
public final class SampleEntryFormat {
    /** How a sample entry's fixed fields are laid out before its child boxes. */
    public enum Layout {
        /** VisualSampleEntry: 78 bytes of fixed fields (ISO/IEC 14496-12 §12.1.3). */
        VISUAL,
        /** AudioSampleEntry, versions 0–2 (ISO/IEC 14496-12 §12.2.3, QuickTime sound descriptions). */
        AUDIO
    }

    private final int type;
    private final Layout layout;
    private final int configType;
    private final Function<Span, ?> parseConfig;

    private SampleEntryFormat(int type, Layout layout, int configType, Function<Span, ?> parseConfig) {
        this.type = type;
        this.layout = layout;
        this.configType = configType;
        this.parseConfig = parseConfig;
    }

    /**
     * A visual format; package-private because only the configuration records of this package
     * can parse their boxes.
     */
    static SampleEntryFormat visual(String type, int configType,
            Function<Span, ? extends VideoCodecConfig> parser) {
        return new SampleEntryFormat(FourCC.of(type), Layout.VISUAL, configType, parser);
    }

    /** An audio format whose configuration box {@code parser} reads. */
    static SampleEntryFormat audio(String type, int configType, Function<Span, ? extends AudioCodecConfig> parser) {
        return new SampleEntryFormat(FourCC.of(type), Layout.AUDIO, configType, parser);
    }

    /** An audio format without a configuration box (every frame describes itself). */
    static SampleEntryFormat audio(String type) {
        return new SampleEntryFormat(FourCC.of(type), Layout.AUDIO, 0, null);
    }

    /** @return the sample entry's four-character code, as {@link FourCC#of(String)} packs it */
    public int type() {
        return type;
    }

    /** @return the layout of the entry's fixed fields */
    public Layout layout() {
        return layout;
    }

    /** @return the type of the child box with the decoder configuration, 0 when the format has none */
    public int configType() {
        return configType;
    }

    /**
     * @param box the payload of a {@link #configType()} box
     * @return the parsed configuration ({@link VideoCodecConfig} for the visual layout,
     *     {@link AudioCodecConfig} for the audio one), or null when the box says "absent"
     */
    Object parseConfig(Span box) {
        return parseConfig.apply(box);
    }

    /** @return the code, e.g. {@code "fLaC"} */
    @Override
    public String toString() {
        return FourCC.toString(type);
    }
}
