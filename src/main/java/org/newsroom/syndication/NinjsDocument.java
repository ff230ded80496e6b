package org.newsroom.syndication;

import jakarta.json.JsonObject;

/** One article as an IPTC ninjs 2.2 document (https://iptc.org/std/ninjs/). */
public record NinjsDocument(JsonObject json) {

    public static final String SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json";

    public String toJson() {
        return json.toString();
    }
}
