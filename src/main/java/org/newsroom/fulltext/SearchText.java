package org.newsroom.fulltext;

import org.newsroom.graphql.ApiException;

/** Checks the text of a search before it reaches SQL; the text itself always travels as a parameter. */
public final class SearchText {

    public static final int MAX_LENGTH = 500;

    private SearchText() {
    }

    /**
     * The query, stripped; empty, blank or over-long queries and NUL characters (which PostgreSQL
     * text cannot hold) are refused with a message a person understands.
     */
    public static String require(String argument, String query) {
        String stripped = query == null ? "" : query.strip();
        if (stripped.isEmpty()) {
            throw ApiException.badInput("'" + argument + "' must not be empty: type a word to search for.");
        }
        if (stripped.length() > MAX_LENGTH) {
            throw ApiException.badInput("'" + argument + "' is " + stripped.length() + " characters long; "
                    + "searches are limited to " + MAX_LENGTH + ".");
        }
        if (stripped.indexOf('\0') >= 0) {
            throw ApiException.badInput("'" + argument + "' contains a NUL character, which no text can hold.");
        }
        if (Normalizer.normalize(stripped).isBlank()) {
            throw ApiException.badInput("'" + argument + "' holds only marks or invisible characters; "
                    + "type a word to search for.");
        }
        return stripped;
    }
}
