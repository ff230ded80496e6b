package org.newsroom.syndication;

import jakarta.json.JsonObject;

import org.newsroom.graphql.JsonScalar;

/** One article as an IPTC ninjs 2.2 document (https://iptc.org/std/ninjs/). */
public record NinjsDocument(JsonObject json) {

    public static final String SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json";

    public JsonScalar asScalar() {
        return new JsonScalar(json);
    }

    public String toJson() {
        return json.toString();
    }
}
