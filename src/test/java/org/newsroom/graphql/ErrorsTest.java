package org.newsroom.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;

import io.quarkus.test.junit.QuarkusTest;

/** Bad input gets a code a program can switch on and a message a person understands. */
@QuarkusTest
class ErrorsTest {

    private final GraphQLClient client = GraphQLClient.anonymous();

    @Test
    void failuresOfEitherDatabaseClientAreToldWithTheSameCodes() {
        // JDBC (the interpreter, writes) and Vert.x's client (the read engine) report them differently
        assertEquals(ErrorCode.TIMEOUT, DatabaseFailures.classify(new java.sql.SQLException("cancelled", "57014")).code());
        assertEquals(ErrorCode.TIMEOUT, DatabaseFailures.classify(
                new io.vertx.pgclient.PgException("canceling statement", "ERROR", "57014", null)).code());
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, DatabaseFailures.classify(
                new io.vertx.pgclient.PgException("the database system is starting up", "FATAL", "57P03", null)).code());
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, DatabaseFailures.classify(
                new RuntimeException(new java.net.ConnectException("Connection refused"))).code());
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE,
                DatabaseFailures.classify(io.vertx.sqlclient.ClosedConnectionException.INSTANCE).code());
        // the server gone in the middle of a read (DatabaseOutageIT met it): the connection reset
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, DatabaseFailures.classify(
                new java.net.SocketException("Connection reset")).code());
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE,
                DatabaseFailures.classify(new java.util.concurrent.TimeoutException("no connection in time")).code());
        // a defect of ours (here: SQL naming a missing table) is not the client's to act on
        assertEquals(null, DatabaseFailures.classify(
                new io.vertx.pgclient.PgException("relation does not exist", "ERROR", "42P01", null)));
        assertEquals(null, DatabaseFailures.classify(new IllegalStateException("a bug")));
    }

    @Test
    void pageSizeAboveOneHundredIsRefused() {
        GraphQLResponse response = client.execute("country/countries-page", Map.of("first", 101));

        assertEquals("BAD_USER_INPUT", response.errorCode());
        assertTrue(response.errorMessage().contains("maximum page size of 100"), response.errorMessage());
    }

    @Test
    void negativeOrConflictingPageSizesAreRefused() {
        assertEquals("BAD_USER_INPUT", client.execute("country/countries-page", Map.of("last", -1)).errorCode());
        assertEquals("BAD_USER_INPUT",
                client.execute("country/countries-page", Map.of("first", 1, "last", 1)).errorCode());
    }

    @Test
    void malformedCursorsAreRefused() {
        for (String cursor : List.of("garbage", "", "Y291bnRyaWVzOmNvZGU", "!!!", "a".repeat(2000))) {
            GraphQLResponse response = client.execute("country/countries-page", Map.of("after", cursor));
            assertEquals("BAD_USER_INPUT", response.errorCode(), cursor);
        }
    }

    @Test
    void cursorOfAnotherListIsRefused() {
        String speakerCursor = client.execute("speaker/speakers-page", Map.of("first", 1))
                .data("speakers.pageInfo.endCursor");

        GraphQLResponse response = client.execute("country/countries-page", Map.of("after", speakerCursor));

        assertEquals("BAD_USER_INPUT", response.errorCode());
        assertTrue(response.errorMessage().contains("another list"), response.errorMessage());
    }

    @Test
    void unknownEnumValueInTheDocumentOrInVariablesIsBadInput() {
        assertEquals("BAD_USER_INPUT", client.execute("errors/statements-by-kind-literal").errorCode());
        assertEquals("BAD_USER_INPUT",
                client.execute("errors/statements-by-kind", Map.of("kinds", List.of("SHOUT"))).errorCode());
    }

    @Test
    void aMalformedValueInsideAnInputObjectIsBadInputWithoutJavaNames() {
        GraphQLResponse response = client.execute("errors/articles-published-before-literal");

        assertEquals("BAD_USER_INPUT", response.errorCode());
        assertTrue(response.errorMessage().contains("not a valid ArticleFilter"), response.errorMessage());
        assertFalse(response.errorMessage().contains("org.newsroom"), response.errorMessage());
    }

    @Test
    void unknownFieldFailsValidation() {
        assertEquals("GRAPHQL_VALIDATION_FAILED", client.execute("errors/unknown-field").errorCode());
    }

    @Test
    void anIntLiteralBeyondTheRangeOfIntIsRefusedAsItWasSent() {
        GraphQLResponse response = client.execute("errors/countries-first-beyond-int");

        assertEquals("BAD_USER_INPUT", response.errorCode());
        assertTrue(response.errorMessage().contains("2147483648 is outside"), response.errorMessage());
        assertFalse(response.errorMessage().contains("was -2147483648"), response.errorMessage());
    }

    @Test
    void messagesNameGraphQLTypesAndJsonValuesNeverJavaTypes() {
        List<GraphQLResponse> responses = List.of(
                client.execute("errors/search-by-text", Map.of("q", Map.of("a", 1))),
                client.execute("errors/search-by-text", Map.of("q", 1.5)),
                client.execute("country/countries-page", Map.of("first", Map.of("a", 1))),
                client.execute("country/countries-page", Map.of("first", List.of(1))),
                client.execute("errors/countries-first-literal-float"));
        for (GraphQLResponse response : responses) {
            String json = response.json().prettify();
            assertEquals("BAD_USER_INPUT", response.errorCode(), json);
            for (String java : List.of("HashMap", "LinkedHashMap", "ArrayList", "BigDecimal", "BigInteger", "SRGQL",
                    "FloatValue{", "IntValue{", "StringValue{")) {
                assertFalse(json.contains(java), json);
            }
        }
    }

    @Test
    void extensionsHoldTheCodeAndNoClassification() {
        List<GraphQLResponse> responses = List.of(
                client.execute("errors/countries-first-beyond-int"),
                client.execute("errors/unknown-field"),
                client.execute("errors/search-by-text", Map.of("q", 1.5)),
                client.execute("country/countries-page", Map.of("after", "garbage")));
        for (GraphQLResponse response : responses) {
            for (Map<String, Object> error : response.errors()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> extensions = (Map<String, Object>) error.get("extensions");
                assertTrue(extensions != null && extensions.get("code") != null, response.json().prettify());
                assertFalse(extensions.containsKey("classification"), response.json().prettify());
            }
        }
    }

    @Test
    void errorsNeverCarryStackTracesOrBareServerErrors() {
        List<GraphQLResponse> responses = List.of(
                client.execute("country/countries-page", Map.of("after", "garbage")),
                client.execute("errors/statements-by-kind", Map.of("kinds", List.of("SHOUT"))),
                client.execute("node/node", Map.of("id", "nope")));
        for (GraphQLResponse response : responses) {
            String json = response.json().prettify();
            assertFalse(json.contains("Exception:"), json);
            assertFalse(json.contains("\tat "), json);
            assertFalse(response.errorMessage().equals("Server Error"), json);
        }
    }
}
