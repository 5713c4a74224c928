package io.github.moqmux.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Immutability, equality and the editing operations of the catalog model. */
class CatalogModelTest {
    private static final VideoConfig VP8 = VideoConfig.of(new VideoCodec.Vp8());
    private static final AudioConfig OPUS = AudioConfig.of(new AudioCodec.Opus(), 48000, 2);

    @Test
    void byteArraysAreCopiedInAndOut() {
        byte[] description = {1, 2, 3};
        VideoConfig v = VP8.withDescription(description);
        description[0] = 9;
        assertThat(v.description()).containsExactly(1, 2, 3);
        v.description()[1] = 9;
        assertThat(v.description()).containsExactly(1, 2, 3);

        byte[] asc = {0x12, 0x10};
        AudioConfig a = OPUS.withDescription(asc);
        asc[0] = 0;
        a.description()[1] = 0;
        assertThat(a.description()).containsExactly(0x12, 0x10);

        byte[] init = {4, 5};
        Container.Cmaf cmaf = new Container.Cmaf(1000, 1, init);
        init[0] = 0;
        cmaf.init()[1] = 0;
        assertThat(cmaf.init()).containsExactly(4, 5);
    }

    @Test
    void equalityComparesBytesByContent() {
        assertThat(VP8.withDescription(new byte[] {1, 2})).isEqualTo(VP8.withDescription(new byte[] {1, 2}))
                .hasSameHashCodeAs(VP8.withDescription(new byte[] {1, 2}))
                .isNotEqualTo(VP8.withDescription(new byte[] {1, 3}))
                .isNotEqualTo(VP8);
        assertThat(OPUS.withDescription(new byte[] {7})).isEqualTo(OPUS.withDescription(new byte[] {7}))
                .hasSameHashCodeAs(OPUS.withDescription(new byte[] {7}))
                .isNotEqualTo(OPUS);
        assertThat(new Container.Cmaf(1, 2, new byte[] {3})).isEqualTo(new Container.Cmaf(1, 2, new byte[] {3}))
                .hasSameHashCodeAs(new Container.Cmaf(1, 2, new byte[] {3}))
                .isNotEqualTo(new Container.Cmaf(1, 2, new byte[] {4}))
                .isNotEqualTo(new Container.Cmaf(1, 3, new byte[] {3}));
        assertThat(VP8.withDescription(new byte[] {(byte) 0xab}).toString()).contains("description=ab");
        assertThat(new Container.Cmaf(1, 2, new byte[1000]).toString()).contains("1000 bytes");
    }

    @Test
    void nullContainerMeansLegacy() {
        assertThat(VP8.container()).isEqualTo(new Container.Legacy());
        assertThat(VP8.withContainer(null).container()).isEqualTo(new Container.Legacy());
        assertThat(OPUS.withContainer(null)).isEqualTo(OPUS);
    }

    @Test
    void renditionsAreSortedAndUnmodifiable() {
        Map<String, VideoConfig> input = new TreeMap<>(Map.of("b", VP8, "a", VP8));
        VideoSection section = new VideoSection(new TreeMap<>(input), null, null, null);
        input.put("c", VP8);
        assertThat(section.renditions().keySet()).containsExactly("a", "b");
        assertThatThrownBy(() -> section.renditions().put("z", VP8)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Catalog.empty().audio().renditions().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namesAreOrderedByCodePointLikeUtf8Bytes() {
        // U+FF5E sorts before U+1F600 by code point (and UTF-8), after it by UTF-16 unit.
        Catalog c = Catalog.empty().withVideoRendition("\ud83d\ude00", VP8).withVideoRendition("\uff5e", VP8);
        assertThat(c.video().renditions().keySet()).containsExactly("\uff5e", "\ud83d\ude00");
    }

    @Test
    void withRenditionAddsReplacesAndMovesBetweenSections() {
        Catalog c = Catalog.empty().withVideoRendition("0.hang", VP8).withAudioRendition("1.hang", OPUS);
        Catalog replaced = c.withVideoRendition("0.hang", VP8.withJitter(5L));
        assertThat(replaced.video().renditions().get("0.hang").jitter()).isEqualTo(5L);
        assertThat(c.video().renditions().get("0.hang").jitter()).as("the original is unchanged").isNull();

        Catalog moved = c.withVideoRendition("1.hang", VP8);
        assertThat(moved.audio().renditions()).isEmpty();
        assertThat(moved.video().renditions()).containsOnlyKeys("0.hang", "1.hang");
        assertThat(c.withAudioRendition("0.hang", OPUS).video().renditions()).isEmpty();
    }

    @Test
    void withoutRenditionRemovesFromEitherSection() {
        Catalog c = Catalog.empty().withVideoRendition("0.hang", VP8).withAudioRendition("1.hang", OPUS);
        assertThat(c.withoutRendition("0.hang").video().renditions()).isEmpty();
        assertThat(c.withoutRendition("1.hang").audio().renditions()).isEmpty();
        assertThat(c.withoutRendition("0.hang").withoutRendition("1.hang")).isEqualTo(Catalog.empty());
        assertThat(c.withoutRendition("nope")).isSameAs(c);
    }

    @Test
    void editingKeepsTheOtherParts() {
        Catalog c = Catalog.empty().withUserJson("{\"a\":1}").withChatJson("2").withPreviewJson("3")
                .withVideo(VideoSection.empty().withDisplay(new Display(640, 480)).withRotation(90.0).withFlip(true))
                .withVideoRendition("0.hang", VP8).withAudioRendition("1.hang", OPUS).withoutRendition("1.hang");
        assertThat(c.userJson()).isEqualTo("{\"a\":1}");
        assertThat(c.chatJson()).isEqualTo("2");
        assertThat(c.previewJson()).isEqualTo("3");
        assertThat(c.video().display()).isEqualTo(new Display(640, 480));
        assertThat(c.video().rotation()).isEqualTo(90.0);
        assertThat(c.video().flip()).isTrue();
        assertThat(c.withUserJson(null).userJson()).isNull();
    }

    @Test
    void negativeZeroRotationIsNormalisedSoJsonRoundTripsStayEqual() {
        VideoSection s = VideoSection.empty().withRotation(-0.0);
        assertThat(s).isEqualTo(VideoSection.empty().withRotation(0.0));
        Catalog c = Catalog.empty().withVideo(s);
        assertThat(Catalog.fromJson(c.toJson())).isEqualTo(c);
    }

    @Test
    void constructorsRejectInvalidValues() {
        assertThatThrownBy(() -> VideoConfig.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> VP8.withCodedSize(0, 720)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VP8.withDisplayAspect(16, -9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VP8.withBitrate(-1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VP8.withFramerate(0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VP8.withFramerate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VP8.withFramerate(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VP8.withJitter(-1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AudioConfig.of(new AudioCodec.Opus(), 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AudioConfig.of(new AudioCodec.Opus(), 48000, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Container.Cmaf(0, 1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Container.Cmaf(1, -1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Container.Cmaf(1, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Display(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VideoSection.empty().withRotation(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Catalog.empty().withVideoRendition("", VP8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Catalog.empty().withVideoRendition(null, VP8)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Catalog.empty().withVideoRendition("a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Catalog(Catalog.empty().withVideoRendition("x", VP8).video(),
                Catalog.empty().withAudioRendition("x", OPUS).audio(), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both video and audio");
        assertThatThrownBy(() -> Catalog.empty().withUserJson("not json"))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED));
    }
}
