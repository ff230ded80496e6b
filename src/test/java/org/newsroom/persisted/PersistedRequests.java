package org.newsroom.persisted;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/** Requests as Apollo Client and urql send persisted queries, for the tests of this package. */
final class PersistedRequests {

    static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

    private PersistedRequests() {
    }

    /** A document of the reader's manifest, by its operation's name. */
    static String trusted(String operationName) {
        JsonObject manifest = new JsonObject(resource("persisted/reader.json"));
        for (String hash : manifest.fieldNames()) {
            String document = manifest.getString(hash);
            if (document.startsWith("query " + operationName + "(") || document.startsWith("query " + operationName + " ")) {
                return document;
            }
        }
        throw new AssertionError("no trusted document for " + operationName);
    }

    /** A test document made unique (a comment), so that no other test has registered it. */
    static String unique(String name) {
        return resource("graphql/" + name + ".graphql") + "# " + UUID.randomUUID() + "\n";
    }

    static String sha256(String document) {
        return PersistedDocuments.sha256(document);
    }

    static Map<String, Object> persistedQuery(String hash) {
        return Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash));
    }

    /** POST {extensions: {persistedQuery}} with the document or without (query null). */
    static Response post(String hash, String query, Map<String, Object> variables, String... headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (query != null) {
            body.put("query", query);
        }
        body.put("variables", variables);
        body.put("extensions", persistedQuery(hash));
        return request(headers).contentType(ContentType.JSON).body(body).when().post("/graphql");
    }

    /** GET ?operationName&variables&extensions, the document named by hash only. */
    static Response get(String hash, String operationName, String variables, String... headers) {
        return request(headers).queryParam("operationName", operationName).queryParam("variables", variables)
                .queryParam("extensions", new JsonObject(persistedQuery(hash)).encode()).when().get("/graphql");
    }

    /** POST {query, variables} without a hash. */
    static Response postInFull(String query, Map<String, Object> variables, String... headers) {
        return request(headers).contentType(ContentType.JSON).body(Map.of("query", query, "variables", variables))
                .when().post("/graphql");
    }

    /** Headers as name, value pairs; Accept application/json unless given. */
    static RequestSpecification request(String... headers) {
        RequestSpecification request = given().accept(ContentType.JSON);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    static String code(Response response) {
        return response.jsonPath().getString("errors[0].extensions.code");
    }

    private static String resource(String path) {
        try (InputStream in = PersistedRequests.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
