package io.github.moqmux.catalog;

import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The catalog's {@code audio} object: the audio renditions by track name.
 *
 * @param renditions by track name (e.g. {@code "1.hang"}); copied into an unmodifiable map ordered
 *                   by Unicode code point (for ASCII names, alphabetical)
 */
public record AudioSection(SortedMap<String, AudioConfig> renditions) {

    /**
     * Copies and checks the renditions.
     *
     * @param renditions by track name; names must not be empty
     */
    public AudioSection {
        renditions = Renditions.copyOf(renditions);
    }

    /** @return a section without renditions */
    public static AudioSection empty() {
        return new AudioSection(new TreeMap<>());
    }

    /**
     * @param name   the rendition's track name, not empty
     * @param config its configuration
     * @return a copy with the rendition added or replaced
     */
    public AudioSection withRendition(String name, AudioConfig config) {
        Objects.requireNonNull(name, "name");
        return new AudioSection(Renditions.with(renditions, name, config));
    }

    /**
     * @param name a track name
     * @return a copy without that rendition (this section if there is none)
     */
    public AudioSection withoutRendition(String name) {
        return renditions.containsKey(name) ? new AudioSection(Renditions.without(renditions, name)) : this;
    }
}
