package org.newsroom.graphql;

/** LIKE patterns built from user text, which must match literally. */
public final class TextPatterns {

    public static final int MAX_PREFIX_LENGTH = 100;

    private TextPatterns() {
    }

    /** The prefix, checked and with LIKE's special characters escaped (escape character: backslash). */
    public static String escapedPrefix(String argument, String prefix) {
        String stripped = prefix == null ? "" : prefix.strip();
        if (stripped.isEmpty()) {
            throw ApiException.badInput("'" + argument + "' must not be empty.");
        }
        if (stripped.length() > MAX_PREFIX_LENGTH) {
            throw ApiException.badInput("'" + argument + "' is longer than " + MAX_PREFIX_LENGTH + " characters.");
        }
        return stripped.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
