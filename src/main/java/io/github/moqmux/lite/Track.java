package io.github.moqmux.lite;

import java.util.Objects;

/**
 * A track's identity within a broadcast: its name and its delivery priority (higher is more
 * important; the catalog tracks use 100).
 *
 * @param name     unique within the broadcast, e.g. {@code "0.hang"} or {@code "catalog.json"}
 * @param priority delivery priority, higher first
 */
public record Track(String name, int priority) {
    /**
     * Validates the name.
     *
     * @param name     unique within the broadcast; not null or empty
     * @param priority delivery priority, higher first
     * @throws IllegalArgumentException if the name is empty
     */
    public Track {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("track name must not be empty");
        }
    }
}
