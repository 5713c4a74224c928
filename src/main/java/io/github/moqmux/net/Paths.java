package io.github.moqmux.net;

/** Broadcast path arithmetic: paths are slash-separated, compared component by component. */
final class Paths {
    private Paths() {
    }

    /** @return the path without leading or trailing slashes ({@code "/a/b/"} → {@code "a/b"}) */
    static String normalize(String path) {
        int from = 0;
        int to = path.length();
        while (from < to && path.charAt(from) == '/') {
            from++;
        }
        while (to > from && path.charAt(to - 1) == '/') {
            to--;
        }
        return path.substring(from, to);
    }

    /** @return {@code prefix/suffix}, or the non-empty one alone */
    static String join(String prefix, String suffix) {
        prefix = normalize(prefix);
        suffix = normalize(suffix);
        if (prefix.isEmpty()) {
            return suffix;
        }
        if (suffix.isEmpty()) {
            return prefix;
        }
        return prefix + "/" + suffix;
    }

    /**
     * @return the part of {@code path} after {@code prefix} (without the separating slash), or
     *     null when {@code path} is not under {@code prefix} (a whole-component match is needed)
     */
    static String stripPrefix(String path, String prefix) {
        if (prefix.isEmpty()) {
            return path;
        }
        if (path.equals(prefix)) {
            return "";
        }
        if (path.startsWith(prefix) && path.charAt(prefix.length()) == '/') {
            return path.substring(prefix.length() + 1);
        }
        return null;
    }
}
