package org.newsroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLWebSocket;
import org.newsroom.testing.LogCapture;
import org.newsroom.testing.RawHttp;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static io.restassured.RestAssured.given;

/**
 * GraphQL over WebSocket under the same rules as over HTTP: queries and mutations answer as they
 * do over POST, the request guard's limits hold, unparseable documents get their code, starting a
 * subscription is paid from the caller's rate limit budget, a socket holds a bounded number of
 * operations, and a socket that never sends connection_init is closed. Nothing here logs an ERROR.
 */
@QuarkusTest
class WebSocketHardeningTest {

    private static final List<String> PROTOCOLS = List.of(GraphQLWebSocket.TRANSPORT_WS, GraphQLWebSocket.LEGACY_WS);

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    Vertx vertx;

    private final String prefix = TestData.prefix();
    private LogCapture log;

    @BeforeEach
    void captureLog() {
        log = LogCapture.start(List.of());
    }

    @AfterEach
    void nothingLoggedAsError() {
        log.close();
        TestData.remove(prefix);
        assertEquals(List.of(), log.errors(), "nothing is logged at ERROR");
    }

    @Test
    void queriesAnswerAsOverHttpOnBothProtocols() throws Exception {
        JsonObject overHttp = new JsonObject(given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("query", GraphQLClient.load("websocket/countries"), "variables", Map.of("first", 2)))
                .post("/graphql").then().statusCode(200).extract().asString());
        for (String protocol : PROTOCOLS) {
            try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, protocol)) {
                socket.subscribe("q", GraphQLClient.load("websocket/countries"), Map.of("first", 2));
                JsonObject result = socket.nextResult(10, TimeUnit.SECONDS);
                assertNotNull(result, protocol + ": an answer");
                assertNull(result.getJsonArray("errors"), () -> protocol + ": no errors: " + result.encode());
                assertEquals(overHttp.getJsonObject("data"), result.getJsonObject("data"), protocol);
                JsonObject complete = socket.nextMessage(5, TimeUnit.SECONDS);
                assertEquals("complete", complete.getString("type"), protocol);
                assertEquals("q", complete.getString("id"), protocol);
            }
        }
    }

    @Test
    void mutationsRunWithTheUpgradeRequestsTokenOnBothProtocols() throws Exception {
        for (String protocol : PROTOCOLS) {
            try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, protocol,
                    Map.of("Authorization", "Bearer " + Tokens.editor()))) {
                String name = prefix + "Sprecherin " + protocol;
                socket.subscribe("m", GraphQLClient.load("speaker/create-speaker"), Map.of("input", Map.of(
                        "kind", "PERSON", "originalName", name, "nameLanguage", "de", "latinName", name)));
                JsonObject result = socket.nextResult(10, TimeUnit.SECONDS);
                assertNotNull(result, protocol + ": an answer");
                assertNull(result.getJsonArray("errors"), () -> protocol + ": no errors: " + result.encode());
                assertEquals(name, result.getJsonObject("data").getJsonObject("createSpeaker")
                        .getJsonObject("speaker").getString("latinName"));
            }
        }
    }

    @Test
    void anonymousMutationsAreRefusedWithTheirCode() throws Exception {
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS)) {
            String name = prefix + "Niemand";
            socket.subscribe("m", GraphQLClient.load("speaker/create-speaker"), Map.of("input", Map.of(
                    "kind", "PERSON", "originalName", name, "nameLanguage", "de", "latinName", name)));
            JsonObject result = socket.nextResult(10, TimeUnit.SECONDS);
            assertEquals("UNAUTHENTICATED", result.getJsonArray("errors").getJsonObject(0)
                    .getJsonObject("extensions").getString("code"), result::encode);
        }
    }

    @Test
    void theRequestGuardsLimitsHoldOverBothProtocols() throws Exception {
        for (String protocol : PROTOCOLS) {
            try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, protocol)) {
                socket.subscribe("aliases", GraphQLClient.load("websocket/thirty-one-aliases"), Map.of());
                assertRefused(socket.nextErrors(10, TimeUnit.SECONDS), "QUERY_LIMIT_EXCEEDED", "aliases");
                socket.subscribe("roots", GraphQLClient.load("websocket/sixteen-root-fields"), Map.of());
                assertRefused(socket.nextErrors(10, TimeUnit.SECONDS), "QUERY_LIMIT_EXCEEDED", "root-fields");
                socket.subscribe("variables", GraphQLClient.load("websocket/typename"),
                        Map.of("deep", nested(20)));
                assertRefused(socket.nextErrors(10, TimeUnit.SECONDS), "QUERY_LIMIT_EXCEEDED", "variables-depth");
            }
        }
    }

    @Test
    void unparseableDocumentsGetTheParseFailedCode() throws Exception {
        for (String protocol : PROTOCOLS) {
            try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, protocol)) {
                socket.subscribe("broken", GraphQLClient.load("websocket/unparseable"), Map.of());
                JsonArray errors = socket.nextErrors(10, TimeUnit.SECONDS);
                assertEquals("GRAPHQL_PARSE_FAILED", errors.getJsonObject(0).getJsonObject("extensions")
                        .getString("code"), errors::encode);
                RawHttp.assertNoInternals(errors.encode());
            }
        }
    }

    @Test
    void startingSubscriptionsIsPaidFromTheSameBudgetAsHttpRequests() throws Exception {
        // %test budget of this address: 2 points; a subscription to articlePublished costs 1.
        Map<String, String> caller = Map.of("X-Forwarded-For", "203.0.113.71");
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS, caller)) {
            String subscription = GraphQLClient.load("websocket/article-published");
            socket.subscribe("first", subscription, Map.of());
            socket.subscribe("second", subscription, Map.of());
            assertNull(socket.nextMessage(1, TimeUnit.SECONDS), "two subscriptions within the budget");
            socket.subscribe("third", subscription, Map.of());
            JsonObject refused = socket.nextMessage(10, TimeUnit.SECONDS);
            assertNotNull(refused, "the third is refused");
            assertEquals("third", refused.getString("id"));
            JsonObject extensions = refused.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions");
            assertEquals("RATE_LIMITED", extensions.getString("code"), refused::encode);
            assertTrue(extensions.getInteger("retryAfter") > 0, refused::encode);

            // queries over the socket are paid from it as well
            socket.subscribe("query", GraphQLClient.load("websocket/countries"), Map.of("first", 1));
            JsonArray errors = socket.nextErrors(10, TimeUnit.SECONDS);
            assertEquals("RATE_LIMITED", errors.getJsonObject(0).getJsonObject("extensions").getString("code"),
                    errors::encode);
        }
        // the same bucket as HTTP: the address's next POST is refused too
        given().contentType(ContentType.JSON).accept(ContentType.JSON).header("X-Forwarded-For", "203.0.113.71")
                .body(Map.of("query", GraphQLClient.load("websocket/countries"), "variables", Map.of("first", 1)))
                .post("/graphql").then().statusCode(429);
    }

    @Test
    void aSocketHoldsABoundedNumberOfOperations() throws Exception {
        // newsroom.limits.websocket.max-operations: 50 by default
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS)) {
            String subscription = GraphQLClient.load("websocket/article-published");
            for (int i = 0; i < 50; i++) {
                socket.subscribe("s" + i, subscription, Map.of());
            }
            socket.subscribe("one-too-many", subscription, Map.of());
            JsonObject refused = socket.nextMessage(10, TimeUnit.SECONDS);
            assertNotNull(refused, "the 51st is refused");
            assertEquals("one-too-many", refused.getString("id"), refused::encode);
            assertRefused(refused.getJsonArray("payload"), "QUERY_LIMIT_EXCEEDED", "websocket-operations");

            socket.complete("s0");
            socket.subscribe("in-its-place", subscription, Map.of());
            assertNull(socket.nextMessage(1, TimeUnit.SECONDS), "a completed subscription frees its place");
        }
    }

    @Test
    void aSocketWithoutConnectionInitIsClosed() throws Exception {
        // %test.newsroom.limits.websocket.init-timeout=2s
        for (String protocol : PROTOCOLS) {
            try (GraphQLWebSocket socket = GraphQLWebSocket.open(vertx, graphql, protocol, Map.of())) {
                assertEquals((short) 4408, socket.closed().get(10, TimeUnit.SECONDS), protocol);
            }
        }
    }

    @Test
    void operationsBeforeConnectionInitCloseTheSocket() throws Exception {
        try (GraphQLWebSocket socket = GraphQLWebSocket.open(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS, Map.of())) {
            socket.subscribe("early", GraphQLClient.load("websocket/typename"), Map.of());
            assertEquals((short) 4401, socket.closed().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void messagesOutsideTheProtocolCloseTheSocketWithTheirCodes() throws Exception {
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS)) {
            socket.send(new JsonObject().put("type", "connection_init"));
            assertEquals((short) 4429, socket.closed().get(10, TimeUnit.SECONDS), "a second connection_init");
        }
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS)) {
            String subscription = GraphQLClient.load("websocket/article-published");
            socket.subscribe("same", subscription, Map.of());
            socket.subscribe("same", subscription, Map.of());
            assertEquals((short) 4409, socket.closed().get(10, TimeUnit.SECONDS), "an id in use");
        }
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.LEGACY_WS)) {
            socket.send(new JsonObject().put("type", "no-such-type"));
            assertEquals((short) 4400, socket.closed().get(10, TimeUnit.SECONDS), "an unknown type");
        }
    }

    private static Object nested(int depth) {
        Object value = 1;
        for (int i = 0; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    private static void assertRefused(JsonArray errors, String code, String limit) {
        JsonObject extensions = errors.getJsonObject(0).getJsonObject("extensions");
        assertEquals(code, extensions.getString("code"), errors::encode);
        assertEquals(limit, extensions.getString("limit"), errors::encode);
    }
}
