package org.newsroom.graphql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Keyset cursors: the sort key values of one row plus the name of the ordering they belong to,
 * so a cursor taken from one ordering cannot silently be used with another. Never an offset. The
 * sort keys end with a unique column, so that every row has exactly one position and rows inserted
 * between two requests never shift a page.
 */
public final class Cursor {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String SEPARATOR = "~";
    private static final int MAX_LENGTH = 1000;

    private Cursor() {
    }

    /** The cursor of a row whose sort keys (of this ordering) have these values. */
    public static String of(String ordering, List<SortKey> keys, List<Object> sortKeyValues) {
        List<String> values = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            values.add(keys.get(i).toCursorValue(sortKeyValues.get(i)));
        }
        return encode(ordering, values);
    }

    /**
     * The sort key values a cursor of this ordering holds, typed as its keys; BAD_USER_INPUT when it
     * is malformed, of another list or ordering, or holds a value a key cannot take.
     */
    public static List<Object> values(String argument, String cursor, String ordering, List<SortKey> keys) {
        List<String> values = decode(argument, cursor, ordering, keys.size());
        List<Object> typed = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            typed.add(keys.get(i).toParameter(values.get(i)));
        }
        return typed;
    }

    static String encode(String ordering, List<String> values) {
        StringBuilder payload = new StringBuilder(ordering);
        for (String value : values) {
            payload.append(SEPARATOR).append(ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        }
        return ENCODER.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    static List<String> decode(String argument, String cursor, String ordering, int keyCount) {
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw invalid(argument);
        }
        try {
            String payload = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
            String[] parts = payload.split("\\" + SEPARATOR, -1);
            if (!parts[0].equals(ordering)) {
                throw ApiException.badInput("The '" + argument
                        + "' cursor belongs to another list or ordering; use a cursor from this connection.");
            }
            if (parts.length != keyCount + 1) {
                throw invalid(argument);
            }
            List<String> values = new ArrayList<>(keyCount);
            for (int i = 1; i < parts.length; i++) {
                values.add(new String(DECODER.decode(parts[i]), StandardCharsets.UTF_8));
            }
            return values;
        } catch (IllegalArgumentException e) {
            throw invalid(argument);
        }
    }

    private static ApiException invalid(String argument) {
        return ApiException.badInput("The '" + argument
                + "' cursor is malformed: pass a cursor exactly as this connection returned it.");
    }
}
