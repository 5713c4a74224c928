package io.github.moqmux.catalog;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** The rendition maps of both sections: validated, immutable, in one well-defined order. */
final class Renditions {
    /**
     * Orders names by Unicode code point, which is the byte order of their UTF-8 encoding and so
     * the order of the reference's {@code BTreeMap<String, _>}. ({@link String#compareTo} compares
     * UTF-16 units and differs for characters above U+FFFF.)
     */
    static final Comparator<String> NAME_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    private Renditions() {}

    static <V> SortedMap<String, V> copyOf(Map<String, V> renditions) {
        Objects.requireNonNull(renditions, "renditions");
        TreeMap<String, V> copy = new TreeMap<>(NAME_ORDER);
        for (Map.Entry<String, V> e : renditions.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "rendition name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("rendition name must not be empty");
            }
            copy.put(name, Objects.requireNonNull(e.getValue(), () -> "rendition " + name));
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    static <V> SortedMap<String, V> with(SortedMap<String, V> renditions, String name, V config) {
        TreeMap<String, V> copy = new TreeMap<>(renditions);
        copy.put(name, config);
        return copy;
    }

    static <V> SortedMap<String, V> without(SortedMap<String, V> renditions, String name) {
        TreeMap<String, V> copy = new TreeMap<>(renditions);
        copy.remove(name);
        return copy;
    }
}
