package io.github.moqmux.catalog;

import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The catalog's {@code video} object: the video renditions by track name, and how to present them.
 *
 * @param renditions by track name (e.g. {@code "0.hang"}); copied into an unmodifiable map ordered
 *                   by Unicode code point (for ASCII names, alphabetical)
 * @param display    the intended display size, or null
 * @param rotation   clockwise rotation in degrees, finite, or null
 * @param flip       whether to mirror horizontally, or null
 */
public record VideoSection(SortedMap<String, VideoConfig> renditions, Display display, Double rotation,
                           Boolean flip) {

    /**
     * Copies and checks the renditions; checks the rotation.
     *
     * @param renditions by track name; names must not be empty
     * @param display    the display size, or null
     * @param rotation   degrees, or null
     * @param flip       the mirror flag, or null
     */
    public VideoSection {
        renditions = Renditions.copyOf(renditions);
        if (rotation != null) {
            if (!Double.isFinite(rotation)) {
                throw new IllegalArgumentException("rotation must be finite, was " + rotation);
            }
            // -0.0 is written as 0 and reads back as +0.0; normalising keeps JSON round trips equal.
            rotation = rotation + 0.0;
        }
    }

    /** @return a section without renditions or presentation fields */
    public static VideoSection empty() {
        return new VideoSection(new TreeMap<>(), null, null, null);
    }

    /**
     * @param name   the rendition's track name, not empty
     * @param config its configuration
     * @return a copy with the rendition added or replaced
     */
    public VideoSection withRendition(String name, VideoConfig config) {
        Objects.requireNonNull(name, "name");
        return new VideoSection(Renditions.with(renditions, name, config), display, rotation, flip);
    }

    /**
     * @param name a track name
     * @return a copy without that rendition (this section if there is none)
     */
    public VideoSection withoutRendition(String name) {
        return renditions.containsKey(name)
                ? new VideoSection(Renditions.without(renditions, name), display, rotation, flip)
                : this;
    }

    /**
     * @param newDisplay the display size, or null
     * @return a copy with the display size replaced
     */
    public VideoSection withDisplay(Display newDisplay) {
        return new VideoSection(renditions, newDisplay, rotation, flip);
    }

    /**
     * @param newRotation degrees, or null
     * @return a copy with the rotation replaced
     */
    public VideoSection withRotation(Double newRotation) {
        return new VideoSection(renditions, display, newRotation, flip);
    }

    /**
     * @param newFlip the mirror flag, or null
     * @return a copy with the flag replaced
     */
    public VideoSection withFlip(Boolean newFlip) {
        return new VideoSection(renditions, display, rotation, newFlip);
    }
}
