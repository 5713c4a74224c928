package io.github.moqmux.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MSF form of the catalog (DESIGN §3.3), parsed independently with Jackson. */
class MsfJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static final byte[] INIT = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', (byte) 0xfb, (byte) 0xff};

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void emptyCatalogHasNoTracks() {
        assertThat(Catalog.empty().toMsfJson()).isEqualTo("{\"version\":1,\"tracks\":[]}");
    }

    @Test
    void theDesignExampleByteForByte() {
        String avcc = Base64.getEncoder().encodeToString(CatalogJsonTest.AVCC);
        assertThat(CatalogJsonTest.designExample().toMsfJson()).isEqualTo("{\"version\":1,\"tracks\":["
                + "{\"name\":\"0.hang\",\"packaging\":\"legacy\",\"isLive\":true,\"role\":\"video\","
                + "\"codec\":\"avc1.64001f\",\"width\":1280,\"height\":720,\"initData\":\"" + avcc + "\","
                + "\"renderGroup\":1},"
                + "{\"name\":\"1.hang\",\"packaging\":\"legacy\",\"isLive\":true,\"role\":\"audio\","
                + "\"codec\":\"mp4a.40.2\",\"samplerate\":44100,\"channelConfig\":\"2\",\"bitrate\":128000,"
                + "\"initData\":\"EhA=\",\"renderGroup\":1}]}");
    }

    @Test
    void tracksFieldByField() throws Exception {
        Catalog c = Catalog.empty()
                .withAudioRendition("a1.hang", AudioConfig.of(new AudioCodec.Opus(), 48000, 6))
                .withVideoRendition("v2.m4s", VideoConfig.of(new VideoCodec.H264(false, 0x42, 0xc0, 0x1e))
                        .withDescription(new byte[] {1, 2, 3}).withCodedSize(640, 360).withFramerate(25.0)
                        .withBitrate(800_000L).withJitter(40L).withContainer(new Container.Cmaf(90000, 1, INIT)))
                .withVideoRendition("v1.hang", VideoConfig.of(new VideoCodec.Vp9(0, 31, 8))
                        .withCodedSize(1920, 1080).withFramerate(30000.0 / 1001));

        JsonNode root = JACKSON.readTree(c.toMsfJson());
        assertThat(fieldNames(root)).containsExactly("version", "tracks");
        assertThat(root.get("version").asInt()).isEqualTo(1);
        JsonNode tracks = root.get("tracks");
        assertThat(tracks.size()).isEqualTo(3);

        // Video first, each role in name order.
        JsonNode v1 = tracks.get(0);
        assertThat(fieldNames(v1)).containsExactly("name", "packaging", "isLive", "role", "codec", "width", "height",
                "framerate", "renderGroup", "altGroup");
        assertThat(v1.get("name").asText()).isEqualTo("v1.hang");
        assertThat(v1.get("packaging").asText()).isEqualTo("legacy");
        assertThat(v1.get("isLive").isBoolean()).isTrue();
        assertThat(v1.get("isLive").asBoolean()).isTrue();
        assertThat(v1.get("role").asText()).isEqualTo("video");
        assertThat(v1.get("codec").asText()).isEqualTo("vp09.00.31.08");
        assertThat(v1.get("width").asInt()).isEqualTo(1920);
        assertThat(v1.get("height").asInt()).isEqualTo(1080);
        assertThat(v1.get("framerate").asDouble()).isEqualTo(30000.0 / 1001);
        assertThat(v1.has("initData")).as("legacy without description has no initData").isFalse();
        assertThat(v1.get("renderGroup").asInt()).isEqualTo(1);
        assertThat(v1.get("altGroup").asInt()).as("two video renditions are alternatives").isEqualTo(1);

        JsonNode v2 = tracks.get(1);
        assertThat(fieldNames(v2)).containsExactly("name", "packaging", "isLive", "role", "codec", "width", "height",
                "framerate", "bitrate", "initData", "renderGroup", "altGroup");
        assertThat(v2.get("name").asText()).isEqualTo("v2.m4s");
        assertThat(v2.get("packaging").asText()).isEqualTo("cmaf");
        assertThat(v2.get("codec").asText()).isEqualTo("avc1.42c01e");
        assertThat(v2.get("framerate").isIntegralNumber()).as("25.0 is written as 25").isTrue();
        assertThat(v2.get("framerate").asInt()).isEqualTo(25);
        assertThat(v2.get("bitrate").asLong()).isEqualTo(800_000L);
        assertThat(Base64.getDecoder().decode(v2.get("initData").asText()))
                .as("cmaf initData is the init segment, not the description").isEqualTo(INIT);

        JsonNode a1 = tracks.get(2);
        assertThat(fieldNames(a1)).containsExactly("name", "packaging", "isLive", "role", "codec", "samplerate",
                "channelConfig", "renderGroup");
        assertThat(a1.get("role").asText()).isEqualTo("audio");
        assertThat(a1.get("codec").asText()).isEqualTo("opus");
        assertThat(a1.get("samplerate").asInt()).isEqualTo(48000);
        assertThat(a1.get("channelConfig").isTextual()).isTrue();
        assertThat(a1.get("channelConfig").asText()).isEqualTo("6");
        assertThat(a1.has("altGroup")).as("a single audio rendition has no alternatives").isFalse();
    }

    @Test
    void altGroupIsPerRole() throws Exception {
        AudioConfig aac = AudioConfig.of(new AudioCodec.Aac(0x40, 2), 44100, 2).withDescription(new byte[] {0x12, 0x10});
        Catalog c = Catalog.empty()
                .withVideoRendition("0.hang", VideoConfig.of(new VideoCodec.Vp8()))
                .withAudioRendition("1.hang", aac)
                .withAudioRendition("2.hang", aac.withBitrate(64000L));
        JsonNode tracks = JACKSON.readTree(c.toMsfJson()).get("tracks");
        assertThat(tracks.get(0).has("altGroup")).isFalse();
        assertThat(tracks.get(1).get("altGroup").asInt()).isEqualTo(1);
        assertThat(tracks.get(2).get("altGroup").asInt()).isEqualTo(1);
        assertThat(tracks.get(1).get("initData").asText()).isEqualTo("EhA=");
        assertThat(tracks.get(2).get("bitrate").asLong()).isEqualTo(64000L);
    }
}
