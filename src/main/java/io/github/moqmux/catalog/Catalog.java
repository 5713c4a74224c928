package io.github.moqmux.catalog;

/**
 * The hang catalog of a broadcast: every video and audio rendition (one per media track) with the
 * decoder configuration a player needs, published on the {@code catalog.json} track
 * ({@link #toJson()}) and in MSF form on the {@code catalog} track ({@link #toMsfJson()}).
 *
 * <p>Immutable; the {@code with…} methods return changed copies, which is what
 * {@link CatalogProducer#update} expects:
 *
 * <pre>{@code
 * producer.update(c -> c.withVideoRendition("0.hang", videoConfig)
 *                       .withAudioRendition("1.hang", audioConfig));
 * }</pre>
 *
 * <p>A rendition name is a track name, unique in the broadcast, so no name may be both a video and
 * an audio rendition.
 *
 * @param video       the video section; null is taken as an empty one
 * @param audio       the audio section; null is taken as an empty one
 * @param userJson    the top-level {@code user} value as JSON text, kept verbatim (surrounding
 *                    whitespace removed), or null; not produced by the importer; nesting is
 *                    limited to 63 levels so the catalog stays within the reader's bound
 * @param chatJson    the top-level {@code chat} value as JSON text, or null
 * @param previewJson the top-level {@code preview} value as JSON text, or null
 */
public record Catalog(VideoSection video, AudioSection audio, String userJson, String chatJson,
                      String previewJson) {

    /**
     * Fills in empty sections and checks the raw JSON values.
     *
     * @param video       the video section, or null for an empty one
     * @param audio       the audio section, or null for an empty one
     * @param userJson    the {@code user} value as JSON text, or null
     * @param chatJson    the {@code chat} value as JSON text, or null
     * @param previewJson the {@code preview} value as JSON text, or null
     * @throws IllegalArgumentException if a name is both a video and an audio rendition
     * @throws io.github.moqmux.MoqMuxException of kind {@code MALFORMED} if {@code userJson},
     *     {@code chatJson} or {@code previewJson} is not exactly one JSON value
     */
    public Catalog {
        video = video == null ? VideoSection.empty() : video;
        audio = audio == null ? AudioSection.empty() : audio;
        for (String name : video.renditions().keySet()) {
            if (audio.renditions().containsKey(name)) {
                throw new IllegalArgumentException("rendition \"" + name + "\" is both video and audio");
            }
        }
        userJson = checkedJson(userJson);
        chatJson = checkedJson(chatJson);
        previewJson = checkedJson(previewJson);
    }

    /** @return a catalog without renditions, with empty {@code video} and {@code audio} sections */
    public static Catalog empty() {
        return new Catalog(null, null, null, null, null);
    }

    /**
     * Parses hang catalog JSON, the inverse of {@link #toJson()}: {@code fromJson(c.toJson())}
     * equals {@code c}. Unknown fields are ignored; JSON {@code null} is treated like an absent
     * field; absent {@code video}/{@code audio} sections are empty.
     *
     * @param json the catalog JSON text
     * @return the catalog
     * @throws io.github.moqmux.MoqMuxException of kind {@code MALFORMED} for invalid JSON or a field
     *     of the wrong type or range, {@code UNSUPPORTED} for an unknown codec or container kind
     */
    public static Catalog fromJson(String json) {
        return CatalogJson.read(json);
    }

    /**
     * Adds or replaces a video rendition; a rendition of the same name in the audio section is
     * removed, since a name identifies one track.
     *
     * @param name   the track name, e.g. {@code "0.hang"}
     * @param config its configuration
     * @return the changed catalog
     */
    public Catalog withVideoRendition(String name, VideoConfig config) {
        return new Catalog(video.withRendition(name, config), audio.withoutRendition(name), userJson, chatJson,
                previewJson);
    }

    /**
     * Adds or replaces an audio rendition; a rendition of the same name in the video section is
     * removed, since a name identifies one track.
     *
     * @param name   the track name, e.g. {@code "1.hang"}
     * @param config its configuration
     * @return the changed catalog
     */
    public Catalog withAudioRendition(String name, AudioConfig config) {
        return new Catalog(video.withoutRendition(name), audio.withRendition(name, config), userJson, chatJson,
                previewJson);
    }

    /**
     * @param name a track name
     * @return the catalog without the video or audio rendition of that name (this catalog if there
     *     is none)
     */
    public Catalog withoutRendition(String name) {
        VideoSection v = video.withoutRendition(name);
        AudioSection a = audio.withoutRendition(name);
        return v == video && a == audio ? this : new Catalog(v, a, userJson, chatJson, previewJson);
    }

    /**
     * @param newVideo the video section (null for an empty one)
     * @return the catalog with the video section replaced
     */
    public Catalog withVideo(VideoSection newVideo) {
        return new Catalog(newVideo, audio, userJson, chatJson, previewJson);
    }

    /**
     * @param newAudio the audio section (null for an empty one)
     * @return the catalog with the audio section replaced
     */
    public Catalog withAudio(AudioSection newAudio) {
        return new Catalog(video, newAudio, userJson, chatJson, previewJson);
    }

    /**
     * @param json the {@code user} value as JSON text, or null to remove it
     * @return the catalog with {@code user} replaced
     */
    public Catalog withUserJson(String json) {
        return new Catalog(video, audio, json, chatJson, previewJson);
    }

    /**
     * @param json the {@code chat} value as JSON text, or null to remove it
     * @return the catalog with {@code chat} replaced
     */
    public Catalog withChatJson(String json) {
        return new Catalog(video, audio, userJson, json, previewJson);
    }

    /**
     * @param json the {@code preview} value as JSON text, or null to remove it
     * @return the catalog with {@code preview} replaced
     */
    public Catalog withPreviewJson(String json) {
        return new Catalog(video, audio, userJson, chatJson, json);
    }

    /**
     * The hang catalog JSON (DESIGN §3.1): compact, camelCase keys in the documented order, absent
     * optional fields omitted (never {@code null}), {@code video} and {@code audio} always present,
     * renditions in name order, descriptions as lowercase hex, init segments as standard base64,
     * numbers formatted as JavaScript does (30.0 is {@code 30}); then {@code user}, {@code chat},
     * {@code preview} verbatim when set. For example:
     *
     * <pre>{@code
     * {"video":{"renditions":{"0.hang":{"codec":"avc1.64001f","description":"0164001fffe1…","codedWidth":1280,
     * "codedHeight":720,"container":{"kind":"legacy"},"jitter":33}}},"audio":{"renditions":{"1.hang":{
     * "codec":"mp4a.40.2","sampleRate":44100,"numberOfChannels":2,"bitrate":128000,"description":"1210",
     * "container":{"kind":"legacy"},"jitter":100}}}}
     * }</pre>
     * (shown wrapped; the output has no whitespace).
     *
     * @return the JSON text
     */
    public String toJson() {
        return CatalogJson.write(this);
    }

    /**
     * The same catalog in the MoQ Streaming Format shape (DESIGN §3.3):
     * {@code {"version":1,"tracks":[…]}} with one track per rendition, video first, each role in
     * name order; each track has {@code name}, {@code packaging}, {@code isLive}, {@code role},
     * {@code codec}, then what is known of {@code width}, {@code height}, {@code framerate},
     * {@code samplerate}, {@code channelConfig}, {@code bitrate}, {@code initData} (base64 of the
     * cmaf init segment, or of the description for legacy), then {@code renderGroup} 1 and, when
     * its role has more than one rendition, {@code altGroup} 1.
     *
     * @return the JSON text
     */
    public String toMsfJson() {
        return CatalogJson.writeMsf(this);
    }

    private static String checkedJson(String json) {
        if (json == null) {
            return null;
        }
        // One level less than the reader allows: the value sits inside the catalog object, and
        // fromJson(toJson()) must always succeed.
        JsonReader.Node node = JsonReader.parse(json, JsonReader.MAX_DEPTH - 1);
        return json.substring(node.start(), node.end());
    }
}
