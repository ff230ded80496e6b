package org.newsroom.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReadRoute;
import org.newsroom.compiled.CompiledReads;
import org.newsroom.graphql.GlobalId;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLWebSocket;
import org.newsroom.testing.HibernateStatements;
import org.newsroom.testing.SeedArticle;
import org.newsroom.testing.TestData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Query operations over a WebSocket, both protocols, answered as a POST by the same caller is
 * answered: a query the compiled read path takes costs one SQL statement for the socket's viewer
 * (the identity of its upgrade request) and is framed as the interpreter's answer would be
 * ({@code next} and {@code complete}, or {@code data} and {@code complete}); what the compiled path
 * declines is the interpreter's, errors included. The request guard's limits, rate limits and the
 * protocol's rules are WebSocketHardeningTest's.
 */
@QuarkusTest
class GraphQLWebSocketTest {

    private static final List<String> PROTOCOLS = List.of(GraphQLWebSocket.TRANSPORT_WS, GraphQLWebSocket.LEGACY_WS);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Client addresses (in 100.96.0.0/11, shared address space) no other test uses. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger(ThreadLocalRandom.current().nextInt(0, 50_000));
    private static final Map<String, Object> FRONT_PAGE = Map.of("first", 20, "lang", "ur", "slug", SeedArticle.SLUG);

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    Vertx vertx;

    @Inject
    CompiledReads reads;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    DataSource dataSource;

    private final String prefix = TestData.prefix();

    @AfterEach
    void removePartners() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from partner where starts_with(name, ?)")) {
            delete.setString(1, prefix);
            delete.executeUpdate();
        }
    }

    @Test
    void aReadersFrontPageIsThePostsAnswerInOneStatementOverBothProtocols() {
        for (String protocol : PROTOCOLS) {
            Response overPost = post("websocket/front-page", FRONT_PAGE, "X-Forwarded-For", freshAddress());
            assertEquals("compiled", overPost.header(CompiledReadRoute.EXECUTION));
            JsonNode overSocket = inOneStatement(() -> result(protocol, "websocket/front-page", FRONT_PAGE,
                    Map.of("X-Forwarded-For", freshAddress())));
            JsonNode answer = same(tree(overPost), overSocket, protocol);
            assertTrue(seedArticle(answer).get("ninjs").isObject(), "readers get the seed article's ninjs");
        }
    }

    @Test
    void extensionsAClientSendsOfItselfChangeNothingOverBothProtocols() {
        // Apollo Client 4 names itself in the extensions of every operation
        Map<String, Object> extensions = Map.of("clientLibrary", Map.of("name", "@apollo/client", "version", "4.3.8"));
        for (String protocol : PROTOCOLS) {
            Response overPost = post("websocket/front-page", FRONT_PAGE, "X-Forwarded-For", freshAddress());
            JsonNode overSocket = inOneStatement(() -> result(protocol, "websocket/front-page", FRONT_PAGE,
                    Map.of("X-Forwarded-For", freshAddress()), extensions));
            same(tree(overPost), overSocket, protocol);
        }
    }

    @Test
    void aPartnersFrontPageIsThePostsAnswerInOneStatementOverBothProtocols() {
        for (String protocol : PROTOCOLS) {
            // Partners entitled to Urdu articles only: their ninjs documents are theirs, not a reader's.
            Response overPost = post("websocket/front-page", FRONT_PAGE, "X-Api-Key", partnerKey("post", "ur"));
            assertEquals("compiled", overPost.header(CompiledReadRoute.EXECUTION));
            String key = partnerKey(protocol, "ur");
            JsonNode overSocket = inOneStatement(() -> result(protocol, "websocket/front-page", FRONT_PAGE,
                    Map.of("X-Api-Key", key)));
            JsonNode answer = same(tree(overPost), overSocket, protocol);
            assertEquals(500_000, answer.at("/extensions/cost/limit").asLong(), "paid from the partner's budget");
            assertTrue(seedArticle(answer).get("ninjs").isObject(), "the seed article is in Urdu");

            String french = partnerKey(protocol + " fr", "fr");
            JsonNode ofFrenchPartner = inOneStatement(() -> result(protocol, "websocket/front-page", FRONT_PAGE,
                    Map.of("X-Api-Key", french)));
            assertTrue(seedArticle(ofFrenchPartner).get("ninjs").isNull(), "a partner not entitled gets none");
        }
    }

    @Test
    void aRefusedArgumentIsItsErrorInOneStatementOverBothProtocolsAsOverPost() {
        Map<String, Object> variables = Map.of("id", "not-a-global-id");
        Response overPost = post("websocket/refused-id", variables, "X-Forwarded-For", freshAddress());
        assertEquals("compiled", overPost.header(CompiledReadRoute.EXECUTION));
        for (String protocol : PROTOCOLS) {
            JsonNode compiled = inOneStatement(() -> result(protocol, "websocket/refused-id", variables,
                    Map.of("X-Forwarded-For", freshAddress())));
            assertEquals("BAD_USER_INPUT", compiled.at("/errors/0/extensions/code").asText(), compiled.toString());
            same(tree(overPost), compiled, protocol);
        }
    }

    @Test
    void anOperationTheCompiledPathDeclinesIsTheInterpretersOverBothProtocols() {
        Map<String, Object> variables = Map.of();
        Response overPost = post("websocket/declined-mutation", variables, "X-Forwarded-For", freshAddress());
        assertEquals("interpreted", overPost.header(CompiledReadRoute.EXECUTION));
        for (String protocol : PROTOCOLS) {
            long before = reads.statementsRun();
            JsonNode overSocket = result(protocol, "websocket/declined-mutation", variables,
                    Map.of("X-Forwarded-For", freshAddress()));
            assertEquals(0, reads.statementsRun() - before, protocol + ": the interpreter answered");
            sameAnswer(tree(overPost), overSocket, protocol);
        }
    }

    @Test
    void errorsAreTheInterpretersOverBothProtocols() throws Exception {
        JsonNode overPost = tree(post("websocket/unknown-field", Map.of(), "X-Forwarded-For", freshAddress()));
        assertEquals("GRAPHQL_VALIDATION_FAILED", overPost.at("/errors/0/extensions/code").asText(), overPost::toString);
        for (String protocol : PROTOCOLS) {
            try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, protocol,
                    Map.of("X-Forwarded-For", freshAddress()))) {
                socket.subscribe("invalid", GraphQLClient.load("websocket/unknown-field"), Map.of());
                assertEquals(overPost.get("errors"), JSON.readTree(socket.nextErrors(10, TimeUnit.SECONDS).encode()),
                        protocol);
            }
        }
    }

    @Test
    void aChargeTakenBeforeTheCompiledPathDeclinesIsNotTakenAgain() throws SQLException {
        GraphQLClient.GraphQLResponse created = GraphQLClient.admin().execute("syndication/create-partner",
                Map.of("input", TestData.input("name", prefix + "expired", "languages", List.of(), "countries", List.of())));
        Map<String, String> partner = Map.of("X-Api-Key", (String) created.data("createPartner.key"));
        JsonNode first = result(GraphQLWebSocket.LEGACY_WS, "websocket/feed-page", Map.of("first", 1), partner);
        String cursor = first.at("/data/syndicationFeed/pageInfo/endCursor").asText(null);
        assertNotNull(cursor, first::toString);
        // As if retention had removed entries after the cursor: the statement finds it expired.
        try (Connection connection = dataSource.getConnection(); PreparedStatement prune = connection.prepareStatement(
                "update partner set feed_pruned_seq = " + Long.MAX_VALUE + " where id = ?")) {
            prune.setLong(1, GlobalId.numericKey(created.data("createPartner.partner.id"), "Partner"));
            assertEquals(1, prune.executeUpdate());
        }
        long before = reads.statementsRun();
        JsonNode expired = result(GraphQLWebSocket.LEGACY_WS, "websocket/feed-page",
                Map.of("after", cursor, "first", 100), partner);
        assertEquals(1, reads.statementsRun() - before, "the compiled statement ran, then declined");
        assertEquals("FEED_CURSOR_EXPIRED", expired.at("/errors/0/extensions/code").asText(), expired::toString);
        // The bucket refills by a point every few milliseconds and was full again: one charge takes
        // the cost from it, a second one, milliseconds later, would take it twice.
        long cost = expired.at("/extensions/cost/requested").asLong();
        long taken = expired.at("/extensions/cost/limit").asLong() - expired.at("/extensions/cost/remaining").asLong();
        assertTrue(cost >= 100, expired::toString);
        assertTrue(taken > cost / 2 && taken < cost + cost / 2, "charged once: " + expired);
    }

    /**
     * The result of one query over a new socket with these upgrade headers, its messages checked:
     * the protocol's result message, then {@code complete}, both with the operation's id.
     */
    private JsonNode result(String protocol, String document, Map<String, Object> variables,
            Map<String, String> headers) {
        return result(protocol, document, variables, headers, null);
    }

    private JsonNode result(String protocol, String document, Map<String, Object> variables,
            Map<String, String> headers, Map<String, Object> extensions) {
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, graphql, protocol, headers)) {
            socket.subscribe("read", GraphQLClient.load(document), variables, extensions);
            JsonObject result = socket.nextMessage(10, TimeUnit.SECONDS);
            assertNotNull(result, protocol + ": an answer");
            assertEquals(GraphQLWebSocket.TRANSPORT_WS.equals(protocol) ? "next" : "data", result.getString("type"),
                    result::encode);
            assertEquals("read", result.getString("id"));
            JsonObject complete = socket.nextMessage(5, TimeUnit.SECONDS);
            assertNotNull(complete, protocol + ": complete");
            assertEquals("complete", complete.getString("type"), complete::encode);
            assertEquals("read", complete.getString("id"));
            return JSON.readTree(result.getJsonObject("payload").encode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer, which cost one statement of the compiled read path and none through Hibernate. */
    private JsonNode inOneStatement(Supplier<JsonNode> read) {
        return HibernateStatements.noneDuring(sessionFactory, () -> {
            long before = reads.statementsRun();
            JsonNode answer = read.get();
            assertEquals(1, reads.statementsRun() - before, "one statement for the whole answer");
            return answer;
        });
    }

    /**
     * Asserts that the two answers are the same, key order included; both callers had full buckets,
     * so the cost reports differ at most in their reset times, which are compared apart.
     */
    private static JsonNode same(JsonNode expected, JsonNode actual, String protocol) {
        sameAnswer(expected, actual, protocol);
        assertTrue(actual.get("data").isObject(), actual::toString);
        return actual;
    }

    /** As {@link #same}, whatever the data (null after a refusal of a field that may not be null). */
    private static void sameAnswer(JsonNode expected, JsonNode actual, String protocol) {
        Instant expectedReset = resetAt(expected);
        Instant actualReset = resetAt(actual);
        assertTrue(Duration.between(expectedReset, actualReset).abs().compareTo(Duration.ofSeconds(30)) <= 0,
                protocol + ": reset times " + expectedReset + " and " + actualReset);
        assertEquals(expected.toString(), actual.toString(), protocol);
    }

    private static Instant resetAt(JsonNode answer) {
        ObjectNode cost = (ObjectNode) answer.at("/extensions/cost");
        assertTrue(cost.has("resetAt"), answer::toString);
        Instant reset = Instant.parse(cost.get("resetAt").asText());
        cost.put("resetAt", "(compared apart)");
        return reset;
    }

    private static JsonNode seedArticle(JsonNode answer) {
        JsonNode seed = answer.at("/data/seed");
        assertEquals(SeedArticle.SLUG, seed.path("slug").asText(), answer::toString);
        return seed;
    }

    /** A new partner's API key, for articles in this language. */
    private String partnerKey(String name, String language) {
        return GraphQLClient.admin().execute("syndication/create-partner", Map.of("input", TestData.input("name",
                prefix + name, "languages", List.of(language), "countries", List.of()))).data("createPartner.key");
    }

    /** A client address of its own, so that its rate limit bucket is full. */
    private static String freshAddress() {
        int address = ADDRESSES.getAndIncrement();
        return "100." + (96 + address / 62_500 % 32) + "." + (address / 250 % 250) + "." + (address % 250 + 1);
    }

    /** The document POSTed with these variables, by a caller with these headers. */
    private static Response post(String document, Map<String, Object> variables, String header, String value) {
        return GraphQLClient.anonymous().header(header, value).post(document, variables);
    }

    private static JsonNode tree(Response response) {
        try {
            return JSON.readTree(response.asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
