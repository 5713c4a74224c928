package io.github.moqmux.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.moqmux.MoqMuxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hang catalog JSON (DESIGN §3.1): exact bytes, round trips, and an independent parse by Jackson. */
class CatalogJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** An avcC body as x264 writes it (High profile, level 3.1, 1280x720): one SPS, one PPS. */
    static final String AVCC_HEX = "0164001fffe1001a6764001facd9405005bb011000000300100000030320f1831960"
            + "01000668ebe3cb22c0";
    static final byte[] AVCC = HexFormat.of().parseHex(AVCC_HEX);
    /** AudioSpecificConfig of AAC LC, 44.1 kHz, stereo. */
    static final byte[] ASC = {0x12, 0x10};

    static Catalog designExample() {
        VideoConfig video = VideoConfig.of(new VideoCodec.H264(false, 0x64, 0x00, 0x1f))
                .withDescription(AVCC).withCodedSize(1280, 720).withJitter(33L);
        AudioConfig audio = AudioConfig.of(new AudioCodec.Aac(0x40, 2), 44100, 2)
                .withBitrate(128000L).withDescription(ASC).withJitter(100L);
        return Catalog.empty().withVideoRendition("0.hang", video).withAudioRendition("1.hang", audio);
    }

    @Test
    void writesTheDesignExampleByteForByte() {
        assertThat(designExample().toJson()).isEqualTo(
                "{\"video\":{\"renditions\":{\"0.hang\":{\"codec\":\"avc1.64001f\",\"description\":\"" + AVCC_HEX
                        + "\",\"codedWidth\":1280,\"codedHeight\":720,\"container\":{\"kind\":\"legacy\"},\"jitter\":33}}},"
                        + "\"audio\":{\"renditions\":{\"1.hang\":{\"codec\":\"mp4a.40.2\",\"sampleRate\":44100,"
                        + "\"numberOfChannels\":2,\"bitrate\":128000,\"description\":\"1210\","
                        + "\"container\":{\"kind\":\"legacy\"},\"jitter\":100}}}}");
        assertThat(AVCC_HEX).startsWith("0164001fffe1").isLowerCase();
    }

    @Test
    void writesTheEmptyCatalogWithBothSections() {
        assertThat(Catalog.empty().toJson()).isEqualTo("{\"video\":{\"renditions\":{}},\"audio\":{\"renditions\":{}}}");
    }

    @Test
    void omitsAbsentOptionalFields() {
        Catalog c = Catalog.empty()
                .withVideoRendition("v", VideoConfig.of(new VideoCodec.Vp8()))
                .withAudioRendition("a", AudioConfig.of(new AudioCodec.Opus(), 48000, 2));
        assertThat(c.toJson()).isEqualTo("{\"video\":{\"renditions\":{\"v\":{\"codec\":\"vp8\",\"container\":{\"kind\":"
                + "\"legacy\"}}}},\"audio\":{\"renditions\":{\"a\":{\"codec\":\"opus\",\"sampleRate\":48000,"
                + "\"numberOfChannels\":2,\"container\":{\"kind\":\"legacy\"}}}}}");
        assertThat(c.toJson()).doesNotContain("null");
    }

    @Test
    void writesEveryVideoFieldInTheDocumentedOrder() {
        VideoConfig v = new VideoConfig(new VideoCodec.Av1(0, 8, false, 10), new byte[] {(byte) 0x81, 0x0A},
                1920, 1080, 16, 9, 4_000_000L, 30000.0 / 1001, true, new Container.Legacy(), 42L);
        Catalog one = Catalog.empty().withVideoRendition("0.hang", v);
        Catalog c = one.withVideo(one.video().withDisplay(new Display(1920, 1080)).withRotation(90.0).withFlip(false));
        assertThat(c.toJson()).isEqualTo("{\"video\":{\"renditions\":{\"0.hang\":{\"codec\":\"av01.0.08M.10\","
                + "\"description\":\"810a\",\"codedWidth\":1920,\"codedHeight\":1080,\"displayAspectWidth\":16,"
                + "\"displayAspectHeight\":9,\"bitrate\":4000000,\"framerate\":29.97002997002997,"
                + "\"optimizeForLatency\":true,\"container\":{\"kind\":\"legacy\"},\"jitter\":42}},"
                + "\"display\":{\"width\":1920,\"height\":1080},\"rotation\":90,\"flip\":false},"
                + "\"audio\":{\"renditions\":{}}}");
    }

    @Test
    void writesFrameratesAsPlainJsonNumbers() {
        VideoConfig v = VideoConfig.of(new VideoCodec.Vp9(0, 10, 8));
        assertThat(Catalog.empty().withVideoRendition("a", v.withFramerate(30000.0 / 1001)).toJson())
                .contains("\"framerate\":29.97002997002997,");
        assertThat(Catalog.empty().withVideoRendition("a", v.withFramerate(25.0)).toJson())
                .contains("\"framerate\":25,");
        assertThat(Catalog.empty().withVideoRendition("a", v.withFramerate(24000.0 / 1001)).toJson())
                .contains("\"framerate\":23.976023976023978,");
    }

    @Test
    void writesTheCmafContainerWithAllThreeFields() {
        byte[] init = new byte[300];
        for (int i = 0; i < init.length; i++) {
            init[i] = (byte) (i * 7);
        }
        Catalog c = Catalog.empty().withVideoRendition("0.m4s", VideoConfig.of(new VideoCodec.H264(false, 0x42, 0xc0,
                0x1e)).withContainer(new Container.Cmaf(90000, 1, init)));
        String b64 = Base64.getEncoder().encodeToString(init);
        assertThat(c.toJson()).isEqualTo("{\"video\":{\"renditions\":{\"0.m4s\":{\"codec\":\"avc1.42c01e\","
                + "\"container\":{\"kind\":\"cmaf\",\"timescale\":90000,\"trackId\":1,\"init\":\"" + b64 + "\"}}}},"
                + "\"audio\":{\"renditions\":{}}}");
        assertThat(b64).contains("+").contains("/"); // standard alphabet, not URL-safe
    }

    @Test
    void sortsRenditionsByName() {
        VideoConfig v = VideoConfig.of(new VideoCodec.Vp8());
        Catalog c = Catalog.empty().withVideoRendition("b", v).withVideoRendition("10.hang", v)
                .withVideoRendition("2.hang", v).withVideoRendition("a", v);
        assertThat(c.video().renditions().keySet()).containsExactly("10.hang", "2.hang", "a", "b");
        assertThat(c.toJson()).containsSubsequence("\"10.hang\"", "\"2.hang\"", "\"a\"", "\"b\"");
    }

    @Test
    void roundTripsThroughFromJson() {
        byte[] init = {0, 0, 0, 24, 'f', 't', 'y', 'p'};
        Catalog c = designExample()
                .withVideoRendition("2.m4s", new VideoConfig(
                        new VideoCodec.H265(true, 0, 2, 0x2000_0000L, false, 120, new byte[] {(byte) 0xb0, 0, 0, 0, 0, 0}),
                        new byte[] {1, 2, 3}, 3840, 2160, 1, 1, 15_000_000L, 59.94005994005994, false,
                        new Container.Cmaf(60000, 2, init), 17L))
                .withVideoRendition("3.hang", VideoConfig.of(new VideoCodec.Av1(0, 4, false, 10, false, 1, 1, 2, 9, 16,
                        9, false)).withFramerate(0.1))
                .withAudioRendition("4.hang", AudioConfig.of(new AudioCodec.Opus(), 48000, 6)
                        .withDescription(new byte[19]).withContainer(new Container.Cmaf(48000, 3, new byte[0])))
                .withAudioRendition("5.hang", AudioConfig.of(new AudioCodec.Aac(0x67, 2), 22050, 1))
                .withVideoRendition("6.hang", VideoConfig.of(new VideoCodec.Vp9(2, 10, 10, 1, 9, 16, 9, true)))
                .withUserJson("{\"name\":\"alice\",\"tags\":[1,2.5e3,null]}")
                .withChatJson("\"chat.track\"")
                .withPreviewJson("[{\"a\":{}}]");
        c = c.withVideo(c.video().withDisplay(new Display(1280, 720)).withRotation(-90.5).withFlip(true));
        assertThat(c.video().renditions()).containsOnlyKeys("0.hang", "2.m4s", "3.hang", "6.hang");
        assertThat(c.audio().renditions()).containsOnlyKeys("1.hang", "4.hang", "5.hang");
        String json = c.toJson();
        Catalog back = Catalog.fromJson(json);
        assertThat(back).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(back.toJson()).isEqualTo(json);
    }

    @Test
    void jacksonReadsTheSameValues() throws Exception {
        Catalog example = designExample();
        Catalog c = example.withVideo(example.video().withDisplay(new Display(1280, 720)).withRotation(180.0))
                .withVideoRendition("7 \"odd\"\\name\u0001😀", VideoConfig.of(new VideoCodec.Vp8())
                        .withFramerate(30000.0 / 1001).withOptimizeForLatency(true).withBitrate(2_500_000L))
                .withAudioRendition("8.m4s", AudioConfig.of(new AudioCodec.Opus(), 48000, 2)
                        .withContainer(new Container.Cmaf(48000, 2, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00})));
        JsonNode root = JACKSON.readTree(c.toJson());

        JsonNode v0 = root.get("video").get("renditions").get("0.hang");
        assertThat(v0.get("codec").asText()).isEqualTo("avc1.64001f");
        assertThat(HexFormat.of().parseHex(v0.get("description").asText())).isEqualTo(AVCC);
        assertThat(v0.get("codedWidth").isIntegralNumber()).isTrue();
        assertThat(v0.get("codedWidth").asInt()).isEqualTo(1280);
        assertThat(v0.get("codedHeight").asInt()).isEqualTo(720);
        assertThat(v0.get("container").get("kind").asText()).isEqualTo("legacy");
        assertThat(v0.get("jitter").asLong()).isEqualTo(33);
        assertThat(v0.has("bitrate")).isFalse();

        JsonNode odd = root.get("video").get("renditions").get("7 \"odd\"\\name\u0001😀");
        assertThat(odd).isNotNull();
        assertThat(odd.get("framerate").asDouble()).isEqualTo(30000.0 / 1001);
        assertThat(odd.get("optimizeForLatency").asBoolean()).isTrue();
        assertThat(odd.get("bitrate").asLong()).isEqualTo(2_500_000L);

        assertThat(root.get("video").get("display").get("width").asInt()).isEqualTo(1280);
        assertThat(root.get("video").get("rotation").asDouble()).isEqualTo(180.0);
        assertThat(root.get("video").has("flip")).isFalse();

        JsonNode a1 = root.get("audio").get("renditions").get("1.hang");
        assertThat(a1.get("sampleRate").asInt()).isEqualTo(44100);
        assertThat(a1.get("numberOfChannels").asInt()).isEqualTo(2);
        assertThat(a1.get("bitrate").asLong()).isEqualTo(128000);
        assertThat(a1.get("description").asText()).isEqualTo("1210");

        JsonNode cmaf = root.get("audio").get("renditions").get("8.m4s").get("container");
        assertThat(cmaf.get("kind").asText()).isEqualTo("cmaf");
        assertThat(cmaf.get("timescale").asLong()).isEqualTo(48000);
        assertThat(cmaf.get("trackId").asLong()).isEqualTo(2);
        assertThat(Base64.getDecoder().decode(cmaf.get("init").asText())).containsExactly(0xff, 0xfe, 0x00);

        List<String> topLevel = new ArrayList<>();
        root.fieldNames().forEachRemaining(topLevel::add);
        assertThat(topLevel).containsExactly("video", "audio");
    }

    @Test
    void keepsUserChatAndPreviewVerbatim() throws Exception {
        String user = "{\"name\" : \"alice\",  \"n\": [1, 2.50e3, \"\\u00e9\"]}";
        Catalog c = Catalog.empty().withUserJson("  \n" + user + "\t ").withChatJson("true").withPreviewJson("null");
        assertThat(c.userJson()).isEqualTo(user);
        assertThat(c.toJson()).isEqualTo("{\"video\":{\"renditions\":{}},\"audio\":{\"renditions\":{}},\"user\":"
                + user + ",\"chat\":true,\"preview\":null}");
        assertThat(JACKSON.readTree(c.toJson()).get("user").get("n").get(1).asDouble()).isEqualTo(2500.0);

        String foreign = "{ \"preview\" : [ 1 ,2 ] , \"chat\":{\"x\" :\"y\"}, \"user\" :\"u\",\"video\":{},\"audio\":{}}";
        Catalog read = Catalog.fromJson(foreign);
        assertThat(read.userJson()).isEqualTo("\"u\"");
        assertThat(read.chatJson()).isEqualTo("{\"x\" :\"y\"}");
        assertThat(read.previewJson()).isEqualTo("[ 1 ,2 ]");
        assertThat(read.toJson()).endsWith(",\"user\":\"u\",\"chat\":{\"x\" :\"y\"},\"preview\":[ 1 ,2 ]}");
    }

    @Test
    void rejectsInvalidRawJsonValues() {
        assertThatThrownBy(() -> Catalog.empty().withUserJson("{")).isInstanceOf(MoqMuxException.class);
        assertThatThrownBy(() -> Catalog.empty().withChatJson("1 2")).isInstanceOf(MoqMuxException.class);
        assertThatThrownBy(() -> Catalog.empty().withPreviewJson("")).isInstanceOf(MoqMuxException.class);
        // Nested one level less than the reader's bound, so the whole catalog stays readable.
        String deepest = "[".repeat(JsonReader.MAX_DEPTH - 1) + "]".repeat(JsonReader.MAX_DEPTH - 1);
        Catalog c = Catalog.empty().withUserJson(deepest);
        assertThat(Catalog.fromJson(c.toJson())).isEqualTo(c);
        assertThatThrownBy(() -> Catalog.empty().withUserJson("[" + deepest + "]"))
                .isInstanceOf(MoqMuxException.class);
    }

    @Test
    void readsForeignJsonLeniently() {
        String lenient = " { \"video\" : { \"renditions\" : { \"0.hang\" : { \"codec\" : \"avc1.64001F\","
                + " \"description\" : \"0164001FFFE1\", \"codedWidth\" : 1.28e3, \"codedHeight\" : 720.0,"
                + " \"bitrate\" : null, \"framerate\" : 2.997e1, \"unknown\" : {\"deep\": [1, {\"x\": [true, false,"
                + " null]}, \"s\\\"\"]}, \"jitter\": 0 } }, \"future\" : [] } , \"somethingElse\": {\"a\":[[[]]]} } ";
        Catalog c = Catalog.fromJson(lenient);
        VideoConfig v = c.video().renditions().get("0.hang");
        assertThat(v.codec()).isEqualTo(new VideoCodec.H264(false, 0x64, 0, 0x1f));
        assertThat(v.description()).containsExactly(0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1);
        assertThat(v.codedWidth()).isEqualTo(1280);
        assertThat(v.codedHeight()).isEqualTo(720);
        assertThat(v.bitrate()).isNull();
        assertThat(v.framerate()).isEqualTo(29.97);
        assertThat(v.container()).isEqualTo(new Container.Legacy());
        assertThat(v.jitter()).isZero();
        assertThat(c.audio().renditions()).isEmpty();
        assertThat(Catalog.fromJson("{}")).isEqualTo(Catalog.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "[]", "null", "\"catalog\"", "{", "{\"video\":1}", "{\"video\":{\"renditions\":[]}}",
        "{\"audio\":{\"renditions\":{\"a\":1}}}",
        "{\"video\":{\"renditions\":{\"a\":{}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":null}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":1}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"avc1.64001\"}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"codedWidth\":0}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"codedWidth\":\"1280\"}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"codedWidth\":1280.5}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"codedWidth\":4294967296}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"codedWidth\":1e9999999999}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"jitter\":-1}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"framerate\":0}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"framerate\":1e400}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"optimizeForLatency\":1}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"description\":\"abc\"}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"description\":\"zz\"}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"container\":\"legacy\"}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"container\":{}}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"container\":{\"kind\":\"cmaf\",\"timescale\":0,"
                + "\"trackId\":1,\"init\":\"\"}}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"container\":{\"kind\":\"cmaf\",\"trackId\":1,"
                + "\"init\":\"\"}}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"container\":{\"kind\":\"cmaf\",\"timescale\":1,"
                + "\"trackId\":1,\"init\":\"***\"}}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"container\":{\"kind\":\"cmaf\",\"timescale\":1,"
                + "\"trackId\":1,\"init\":\"_-8=\"}}}}}",
        "{\"video\":{\"display\":{\"width\":0,\"height\":1}}}",
        "{\"video\":{\"display\":{\"width\":1}}}",
        "{\"video\":{\"rotation\":\"90\"}}",
        "{\"video\":{\"flip\":\"yes\"}}",
        "{\"audio\":{\"renditions\":{\"a\":{\"codec\":\"opus\",\"numberOfChannels\":2}}}}",
        "{\"audio\":{\"renditions\":{\"a\":{\"codec\":\"opus\",\"sampleRate\":0,\"numberOfChannels\":2}}}}",
        "{\"audio\":{\"renditions\":{\"a\":{\"codec\":\"opus\",\"sampleRate\":48000,\"numberOfChannels\":-2}}}}",
        "{\"audio\":{\"renditions\":{\"a\":{\"codec\":\"mp4a.40\",\"sampleRate\":48000,\"numberOfChannels\":2}}}}",
        "{\"video\":{\"renditions\":{\"\":{\"codec\":\"vp8\"}}}}",
        "{\"video\":{\"renditions\":{\"x\":{\"codec\":\"vp8\"}}},\"audio\":{\"renditions\":{\"x\":{\"codec\":\"opus\","
                + "\"sampleRate\":48000,\"numberOfChannels\":2}}}}",
        "{\"video\":{}} trailing",
    })
    void rejectsMalformedCatalogs(String json) {
        assertThatThrownBy(() -> Catalog.fromJson(json))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"hvc2.1.6.L93\"}}}}",
        "{\"audio\":{\"renditions\":{\"a\":{\"codec\":\"alac\",\"sampleRate\":48000,\"numberOfChannels\":2}}}}",
        "{\"video\":{\"renditions\":{\"a\":{\"codec\":\"vp8\",\"container\":{\"kind\":\"loc\"}}}}}",
    })
    void rejectsUnknownCodecsAndContainersAsUnsupported(String json) {
        assertThatThrownBy(() -> Catalog.fromJson(json))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.UNSUPPORTED))
                .hasMessageContaining("bad catalog: ");
    }

    @Test
    void errorMessagesNameTheField() {
        assertThatThrownBy(() -> Catalog.fromJson(
                "{\"video\":{\"renditions\":{\"0.hang\":{\"codec\":\"vp8\",\"codedHeight\":-5}}}}"))
                .hasMessage("bad catalog: video.renditions[\"0.hang\"].codedHeight is out of range [1, 2147483647]: -5");
        assertThatThrownBy(() -> Catalog.fromJson("{\"video\":{\"renditions\":{\"0.hang\":{\"codec\":\"avc1.1\"}}}}"))
                .hasMessageStartingWith("bad catalog: video.renditions[\"0.hang\"].codec: bad codec string \"avc1.1\"");
    }
}
