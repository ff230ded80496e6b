package org.newsroom.graphql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Keyset cursors: the sort key values of one row plus the name of the ordering they belong to,
 * so a cursor taken from one ordering cannot silently be used with another. Never an offset.
 */
final class Cursor {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String SEPARATOR = "~";
    private static final int MAX_LENGTH = 1000;

    private Cursor() {
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
