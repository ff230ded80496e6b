package org.newsroom.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Relay global object IDs: opaque to clients, "Type:key" inside, URL-safe base64 outside.
 */
public record GlobalId(String type, String key) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_LENGTH = 200;

    public static String of(String type, Object key) {
        return ENCODER.encodeToString((type + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    public static GlobalId parse(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            throw invalid(id);
        }
        String decoded;
        try {
            decoded = new String(DECODER.decode(id), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(id);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            throw invalid(id);
        }
        return new GlobalId(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** The numeric key of an ID that must name an object of the given type. */
    public static long numericKey(String id, String expectedType) {
        GlobalId parsed = parse(id);
        if (!parsed.type.equals(expectedType)) {
            throw ApiException.badInput("ID '" + id + "' names a " + parsed.type + ", not a " + expectedType + ".");
        }
        return parsed.numericKey();
    }

    public long numericKey() {
        try {
            long value = Long.parseLong(key);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badInput("ID of a " + type + " has a malformed key.");
    }

    private static ApiException invalid(String id) {
        String shown = id == null ? "null" : id.length() > 40 ? id.substring(0, 40) + "…" : id;
        return ApiException.badInput("'" + shown + "' is not a valid ID: use an id returned by this API.");
    }
}
