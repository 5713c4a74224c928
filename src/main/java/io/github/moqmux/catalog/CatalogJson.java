package io.github.moqmux.catalog;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.JsonReader.Node;
import io.github.moqmux.catalog.JsonReader.Obj;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/** The catalog's two JSON shapes (hang and MSF) and the hang reader; field order is DESIGN §3. */
final class CatalogJson {
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private CatalogJson() {}

    // ---- hang catalog: writing -----------------------------------------------------------------

    static String write(Catalog c) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("video").beginObject().name("renditions").beginObject();
        for (Map.Entry<String, VideoConfig> e : c.video().renditions().entrySet()) {
            w.name(e.getKey());
            writeVideo(w, e.getValue());
        }
        w.endObject();
        Display display = c.video().display();
        if (display != null) {
            w.name("display").beginObject().name("width").value(display.width())
                    .name("height").value(display.height()).endObject();
        }
        w.optional("rotation", c.video().rotation()).optional("flip", c.video().flip()).endObject();

        w.name("audio").beginObject().name("renditions").beginObject();
        for (Map.Entry<String, AudioConfig> e : c.audio().renditions().entrySet()) {
            w.name(e.getKey());
            writeAudio(w, e.getValue());
        }
        w.endObject().endObject();

        rawMember(w, "user", c.userJson());
        rawMember(w, "chat", c.chatJson());
        rawMember(w, "preview", c.previewJson());
        return w.endObject().toString();
    }

    private static void writeVideo(JsonWriter w, VideoConfig v) {
        byte[] description = v.description();
        w.beginObject().name("codec").value(v.codec().toString())
                .optional("description", description == null ? null : Hex.encode(description))
                .optional("codedWidth", v.codedWidth()).optional("codedHeight", v.codedHeight())
                .optional("displayAspectWidth", v.displayAspectWidth())
                .optional("displayAspectHeight", v.displayAspectHeight())
                .optional("bitrate", v.bitrate()).optional("framerate", v.framerate())
                .optional("optimizeForLatency", v.optimizeForLatency());
        w.name("container");
        writeContainer(w, v.container());
        w.optional("jitter", v.jitter()).endObject();
    }

    private static void writeAudio(JsonWriter w, AudioConfig a) {
        byte[] description = a.description();
        w.beginObject().name("codec").value(a.codec().toString())
                .name("sampleRate").value(a.sampleRate())
                .name("numberOfChannels").value(a.numberOfChannels())
                .optional("bitrate", a.bitrate())
                .optional("description", description == null ? null : Hex.encode(description));
        w.name("container");
        writeContainer(w, a.container());
        w.optional("jitter", a.jitter()).endObject();
    }

    private static void writeContainer(JsonWriter w, Container container) {
        w.beginObject();
        if (container instanceof Container.Cmaf cmaf) {
            w.name("kind").value("cmaf").name("timescale").value(cmaf.timescale())
                    .name("trackId").value(cmaf.trackId()).name("init").value(cmaf.initBase64());
        } else {
            w.name("kind").value("legacy");
        }
        w.endObject();
    }

    private static void rawMember(JsonWriter w, String name, String json) {
        if (json != null) {
            w.name(name).raw(json);
        }
    }

    // ---- MSF catalog ---------------------------------------------------------------------------

    static String writeMsf(Catalog c) {
        JsonWriter w = new JsonWriter().beginObject().name("version").value(1).name("tracks").beginArray();
        boolean videoAlternatives = c.video().renditions().size() > 1;
        for (Map.Entry<String, VideoConfig> e : c.video().renditions().entrySet()) {
            VideoConfig v = e.getValue();
            msfTrackStart(w, e.getKey(), v.container(), "video", v.codec().toString());
            w.optional("width", v.codedWidth()).optional("height", v.codedHeight())
                    .optional("framerate", v.framerate()).optional("bitrate", v.bitrate());
            msfTrackEnd(w, v.container(), v.description(), videoAlternatives);
        }
        boolean audioAlternatives = c.audio().renditions().size() > 1;
        for (Map.Entry<String, AudioConfig> e : c.audio().renditions().entrySet()) {
            AudioConfig a = e.getValue();
            msfTrackStart(w, e.getKey(), a.container(), "audio", a.codec().toString());
            w.name("samplerate").value(a.sampleRate())
                    .name("channelConfig").value(Integer.toString(a.numberOfChannels()))
                    .optional("bitrate", a.bitrate());
            msfTrackEnd(w, a.container(), a.description(), audioAlternatives);
        }
        return w.endArray().endObject().toString();
    }

    private static void msfTrackStart(JsonWriter w, String name, Container container, String role, String codec) {
        w.beginObject().name("name").value(name)
                .name("packaging").value(container instanceof Container.Cmaf ? "cmaf" : "legacy")
                .name("isLive").value(true).name("role").value(role).name("codec").value(codec);
    }

    private static void msfTrackEnd(JsonWriter w, Container container, byte[] description, boolean alternatives) {
        String initData;
        if (container instanceof Container.Cmaf cmaf) {
            initData = cmaf.initBase64();
        } else {
            initData = description == null ? null : Base64.getEncoder().encodeToString(description);
        }
        w.optional("initData", initData).name("renderGroup").value(1);
        if (alternatives) {
            w.name("altGroup").value(1);
        }
        w.endObject();
    }

    // ---- hang catalog: reading -----------------------------------------------------------------

    static Catalog read(String json) {
        Obj top = JsonReader.object(JsonReader.parse(json), "catalog");
        try {
            return new Catalog(readVideoSection(JsonReader.member(top, "video")),
                    readAudioSection(JsonReader.member(top, "audio")),
                    raw(json, JsonReader.member(top, "user")),
                    raw(json, JsonReader.member(top, "chat")),
                    raw(json, JsonReader.member(top, "preview")));
        } catch (IllegalArgumentException e) {
            // A value of the right JSON type but outside what the model accepts (a zero width...).
            throw new MoqMuxException(MoqMuxException.Kind.MALFORMED, MoqMuxException.NO_OFFSET,
                    "bad catalog: " + e.getMessage(), e);
        }
    }

    private static String raw(String json, Node n) {
        return n == null ? null : json.substring(n.start(), n.end());
    }

    private static VideoSection readVideoSection(Node node) {
        if (node == null) {
            return VideoSection.empty();
        }
        Obj o = JsonReader.object(node, "video");
        SortedMap<String, VideoConfig> renditions = new TreeMap<>();
        for (Map.Entry<String, Node> e : renditionObjects(o, "video").members().entrySet()) {
            renditions.put(e.getKey(), readVideo(e.getValue(), "video.renditions[" + quote(e.getKey()) + "]"));
        }
        Display display = null;
        Node d = JsonReader.member(o, "display");
        if (d != null) {
            Obj dObj = JsonReader.object(d, "video.display");
            display = new Display(
                    (int) JsonReader.integer(JsonReader.required(dObj, "width", "video.display"),
                            "video.display.width", 1, Integer.MAX_VALUE),
                    (int) JsonReader.integer(JsonReader.required(dObj, "height", "video.display"),
                            "video.display.height", 1, Integer.MAX_VALUE));
        }
        Node rotation = JsonReader.member(o, "rotation");
        Node flip = JsonReader.member(o, "flip");
        return new VideoSection(renditions, display,
                rotation == null ? null : JsonReader.decimal(rotation, "video.rotation"),
                flip == null ? null : JsonReader.bool(flip, "video.flip"));
    }

    private static AudioSection readAudioSection(Node node) {
        if (node == null) {
            return AudioSection.empty();
        }
        Obj o = JsonReader.object(node, "audio");
        SortedMap<String, AudioConfig> renditions = new TreeMap<>();
        for (Map.Entry<String, Node> e : renditionObjects(o, "audio").members().entrySet()) {
            renditions.put(e.getKey(), readAudio(e.getValue(), "audio.renditions[" + quote(e.getKey()) + "]"));
        }
        return new AudioSection(renditions);
    }

    private static Obj renditionObjects(Obj section, String path) {
        Node n = JsonReader.member(section, "renditions");
        return n == null ? new Obj(Map.of(), 0, 0) : JsonReader.object(n, path + ".renditions");
    }

    private static VideoConfig readVideo(Node node, String path) {
        Obj o = JsonReader.object(node, path);
        return new VideoConfig(codec(o, path, VideoCodec::parse),
                optionalHex(o, "description", path),
                optionalInt(o, "codedWidth", path),
                optionalInt(o, "codedHeight", path),
                optionalInt(o, "displayAspectWidth", path),
                optionalInt(o, "displayAspectHeight", path),
                optionalLong(o, "bitrate", path),
                optionalDouble(o, "framerate", path),
                optionalBool(o, "optimizeForLatency", path),
                readContainer(JsonReader.member(o, "container"), path + ".container"),
                optionalLong(o, "jitter", path));
    }

    private static AudioConfig readAudio(Node node, String path) {
        Obj o = JsonReader.object(node, path);
        return new AudioConfig(codec(o, path, AudioCodec::parse),
                (int) JsonReader.integer(JsonReader.required(o, "sampleRate", path), path + ".sampleRate",
                        1, Integer.MAX_VALUE),
                (int) JsonReader.integer(JsonReader.required(o, "numberOfChannels", path),
                        path + ".numberOfChannels", 1, Integer.MAX_VALUE),
                optionalLong(o, "bitrate", path),
                optionalHex(o, "description", path),
                readContainer(JsonReader.member(o, "container"), path + ".container"),
                optionalLong(o, "jitter", path));
    }

    /** Parses the rendition's codec string; the error keeps the parser's kind and names the rendition. */
    private static <C> C codec(Obj o, String path, Function<String, C> parser) {
        String codec = JsonReader.string(JsonReader.required(o, "codec", path), path + ".codec");
        try {
            return parser.apply(codec);
        } catch (MoqMuxException e) {
            throw new MoqMuxException(e.kind(), MoqMuxException.NO_OFFSET,
                    "bad catalog: " + path + ".codec: " + e.detail(), e);
        }
    }

    private static Container readContainer(Node node, String path) {
        if (node == null) {
            return null;
        }
        Obj o = JsonReader.object(node, path);
        String kind = JsonReader.string(JsonReader.required(o, "kind", path), path + ".kind");
        switch (kind) {
            case "legacy":
                return new Container.Legacy();
            case "cmaf": {
                long timescale = JsonReader.integer(JsonReader.required(o, "timescale", path),
                        path + ".timescale", 1, UINT32_MAX);
                long trackId = JsonReader.integer(JsonReader.required(o, "trackId", path),
                        path + ".trackId", 0, UINT32_MAX);
                String init = JsonReader.string(JsonReader.required(o, "init", path), path + ".init");
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(init);
                } catch (IllegalArgumentException e) {
                    throw JsonReader.fieldError(path + ".init", "is not standard base64");
                }
                return new Container.Cmaf(timescale, trackId, bytes);
            }
            default:
                throw new MoqMuxException(MoqMuxException.Kind.UNSUPPORTED,
                        "bad catalog: " + path + ".kind " + quote(kind) + " is not a known container");
        }
    }

    private static byte[] optionalHex(Obj o, String name, String path) {
        Node n = JsonReader.member(o, name);
        return n == null ? null : Hex.decode(JsonReader.string(n, path + "." + name), "catalog " + path + "." + name);
    }

    private static Integer optionalInt(Obj o, String name, String path) {
        Node n = JsonReader.member(o, name);
        return n == null ? null : (int) JsonReader.integer(n, path + "." + name, 1, Integer.MAX_VALUE);
    }

    private static Long optionalLong(Obj o, String name, String path) {
        Node n = JsonReader.member(o, name);
        return n == null ? null : JsonReader.integer(n, path + "." + name, 0, Long.MAX_VALUE);
    }

    private static Double optionalDouble(Obj o, String name, String path) {
        Node n = JsonReader.member(o, name);
        return n == null ? null : JsonReader.decimal(n, path + "." + name);
    }

    private static Boolean optionalBool(Obj o, String name, String path) {
        Node n = JsonReader.member(o, name);
        return n == null ? null : JsonReader.bool(n, path + "." + name);
    }

    /** Quotes a name from the input for an error message, escaped so the message stays one line. */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        JsonWriter.string(sb, s.length() > 100 ? s.substring(0, 100) + "…" : s);
        return sb.toString();
    }
}
