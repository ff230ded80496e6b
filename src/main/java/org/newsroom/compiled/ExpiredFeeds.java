package org.newsroom.compiled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.buffer.Buffer;

/**
 * What a statement reads in place of the data when retention has overtaken the cursor of a feed it
 * reads after one: a JSON array with a boolean for each feed read after a cursor, in the order of
 * the fields, true where the cursor expired (data is always a JSON object, so the first byte tells
 * them apart). The answer is then no data and each expired feed's error.
 */
record ExpiredFeeds(List<Boolean> expired) {

    /** Which feeds expired, when the statement read that rather than the data; else null. */
    static ExpiredFeeds of(byte[] read) {
        return in(read) ? parse(new String(read, StandardCharsets.US_ASCII)) : null;
    }

    /** {@link #of(byte[])} for a read as Vert.x's client gives it. */
    static ExpiredFeeds of(Buffer read) {
        return read != null && read.length() > 0 && read.getByte(0) == '[' ? parse(read.toString(StandardCharsets.US_ASCII))
                : null;
    }

    /** Whether the statement read which feeds expired rather than the data. */
    static boolean in(byte[] read) {
        return read != null && read.length > 0 && read[0] == '[';
    }

    /** The array as a search's answer writes it, from its feeds' columns (null where one expired). */
    static Buffer json(List<Boolean> expired) {
        StringBuilder json = new StringBuilder("[");
        for (boolean one : expired) {
            json.append(json.length() == 1 ? "" : ",").append(one);
        }
        return Buffer.buffer(json.append(']').toString());
    }

    int count() {
        return expired.size();
    }

    boolean expired(int feed) {
        return expired.get(feed);
    }

    /**
     * PostgreSQL's json_build_array of booleans: {@code [true, false]}; null for a feed refused for
     * the request's own cursor (its position SQL's null), which did not expire.
     */
    private static ExpiredFeeds parse(String array) {
        List<Boolean> expired = new ArrayList<>();
        for (String value : array.substring(1, array.length() - 1).split(",")) {
            switch (value.strip()) {
                case "true" -> expired.add(true);
                case "false", "null" -> expired.add(false);
                default -> throw new IllegalStateException("Not a feed's expiry: " + value);
            }
        }
        return new ExpiredFeeds(List.copyOf(expired));
    }
}
