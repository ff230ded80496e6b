package org.newsroom.persisted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.newsroom.persisted.PersistedRequests.GRAPHQL_RESPONSE;
import static org.newsroom.persisted.PersistedRequests.code;
import static org.newsroom.persisted.PersistedRequests.get;
import static org.newsroom.persisted.PersistedRequests.post;
import static org.newsroom.persisted.PersistedRequests.postInFull;
import static org.newsroom.persisted.PersistedRequests.sha256;
import static org.newsroom.persisted.PersistedRequests.trusted;
import static org.newsroom.persisted.PersistedRequests.unique;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLWebSocket;
import org.newsroom.testing.RawHttp;
import org.newsroom.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The production switch {@code newsroom.persisted.trusted-only}: callers without credentials run
 * the reader's trusted documents only; editors and partners keep any document and registration.
 */
@QuarkusTest
@TestProfile(PersistedTrustedOnlyTest.TrustedOnly.class)
class PersistedTrustedOnlyTest {

    public static class TrustedOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("newsroom.persisted.trusted-only", "true");
        }
    }

    private static final Map<String, Object> LANG = Map.of("lang", "en");

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    Vertx vertx;

    @Test
    void anonymousCallersRunTrustedDocumentsByHashOrInFull() {
        String document = trusted("Countries");
        Response byHash = get(sha256(document), "Countries", "{\"lang\":\"en\"}");
        assertEquals(200, byHash.statusCode(), byHash.asString());
        assertNull(byHash.jsonPath().get("errors"), byHash.asString());
        assertTrue(byHash.header("Cache-Control").contains("s-maxage="), byHash.header("Cache-Control"));

        Response inFull = postInFull(document, LANG);
        assertNull(inFull.jsonPath().get("errors"), inFull.asString());
        Response registeringATrustedOne = post(sha256(document), document, LANG);
        assertNull(registeringATrustedOne.jsonPath().get("errors"), registeringATrustedOne.asString());
    }

    @Test
    void anonymousCallersCannotRunOrRegisterOtherDocuments() {
        String document = unique("persisted/countries-count");
        Map<String, Object> variables = Map.of("first", 1);

        Response inFull = postInFull(document, variables);
        assertEquals(200, inFull.statusCode(), "application/json: a request error is HTTP 200");
        assertEquals("PERSISTED_QUERY_REQUIRED", code(inFull), inFull.asString());
        assertNull(inFull.jsonPath().get("data"), "nothing ran");
        assertEquals("no-store", inFull.header("Cache-Control"));

        Response inFullAsked = postInFull(document, variables, "Accept", GRAPHQL_RESPONSE);
        assertEquals(400, inFullAsked.statusCode(), inFullAsked.asString());
        assertEquals("PERSISTED_QUERY_REQUIRED", code(inFullAsked));

        Response overGet = PersistedRequests.request().queryParam("query", document)
                .queryParam("variables", "{\"first\":1}").when().get("/graphql");
        assertEquals("PERSISTED_QUERY_REQUIRED", code(overGet), overGet.asString());

        Response asDocumentBody = RawHttp.post("application/graphql",
                "{ countries(first: 1) { totalCount } }".getBytes(StandardCharsets.UTF_8));
        assertEquals("PERSISTED_QUERY_REQUIRED", code(asDocumentBody), asDocumentBody.asString());

        String hash = sha256(document);
        assertEquals("PERSISTED_QUERY_REQUIRED", code(post(hash, document, variables)), "no registration");
        assertEquals("PERSISTED_QUERY_REQUIRED", code(post(hash, null, variables)));
    }

    @Test
    void aPostCannotCarryAnotherDocumentInItsUrl() {
        // SmallRye merges a POST's URL parameters into its body; only the body's document is checked.
        Response smuggled = PersistedRequests.request().contentType("application/json")
                .queryParam("query", unique("persisted/countries-count")).queryParam("variables", "{\"first\":1}")
                .body(Map.of("query", trusted("Countries"), "variables", LANG)).when().post("/graphql");
        assertEquals(400, smuggled.statusCode(), smuggled.asString());
        assertEquals("BAD_REQUEST", code(smuggled), smuggled.asString());
        assertNull(smuggled.jsonPath().get("data"), "nothing ran");
    }

    @Test
    void editorsAndPartnersKeepAnyDocumentAndRegistration() {
        String document = unique("persisted/countries-count");
        Map<String, Object> variables = Map.of("first", 1);
        String editor = "Bearer " + Tokens.editor();

        Response inFull = postInFull(document, variables, "Authorization", editor);
        assertNull(inFull.jsonPath().get("errors"), inFull.asString());

        String hash = sha256(document);
        assertEquals("PERSISTED_QUERY_NOT_FOUND", code(post(hash, null, variables, "Authorization", editor)));
        Response registered = post(hash, document, variables, "Authorization", editor);
        assertNull(registered.jsonPath().get("errors"), registered.asString());
        Response byHash = get(hash, "PersistedCountries", "{\"first\":1}", "Authorization", editor);
        assertNull(byHash.jsonPath().get("errors"), byHash.asString());
        assertEquals("private, no-cache", byHash.header("Cache-Control"));

        assertEquals("PERSISTED_QUERY_REQUIRED", code(post(hash, null, variables)),
                "what an editor registered is still not trusted for anonymous callers");
    }

    @Test
    void overWebSocketAnonymousCallersRunTrustedDocumentsOnly() throws Exception {
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS)) {
            socket.subscribe("trusted", trusted("Countries"), LANG);
            JsonObject result = socket.nextResult(10, TimeUnit.SECONDS);
            assertNull(result.getValue("errors"), result.encode());
            assertTrue(result.getJsonObject("data").getJsonObject("countries").getJsonArray("nodes").size() > 0);
            assertEquals("complete", socket.nextMessage(10, TimeUnit.SECONDS).getString("type"));

            socket.subscribe("other", unique("persisted/countries-count"), Map.of("first", 1));
            JsonArray errors = socket.nextErrors(10, TimeUnit.SECONDS);
            assertEquals("PERSISTED_QUERY_REQUIRED", errors.getJsonObject(0).getJsonObject("extensions").getString("code"));
        }
    }

    @Test
    void credentialsThatDoNotAuthenticateOpenNothing() {
        String document = unique("persisted/countries-count");
        Response forged = postInFull(document, Map.of("first", 1), "Authorization", "Bearer " + Tokens.foreignSignature());
        assertEquals(401, forged.statusCode(), forged.asString());
        Response unknownKey = postInFull(document, Map.of("first", 1), "X-Api-Key", "no-such-key");
        assertEquals(401, unknownKey.statusCode(), unknownKey.asString());
    }
}
