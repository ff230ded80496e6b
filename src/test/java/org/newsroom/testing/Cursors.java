package org.newsroom.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cursors made by hand, in the form the API writes them (an ordering's name and its sort key
 * values): to send a list one of another list, or one whose values its order cannot take.
 */
public final class Cursors {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Cursors() {
    }

    public static String of(String ordering, String... values) {
        StringBuilder payload = new StringBuilder(ordering);
        for (String value : values) {
            payload.append('~').append(ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        }
        return ENCODER.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
    }
}
