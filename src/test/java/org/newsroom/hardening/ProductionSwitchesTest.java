package org.newsroom.hardening;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReadRoute;
import org.newsroom.testing.RawHttp;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The switches a production deployment turns: introspection and the GraphQL UI off, a tight
 * complexity budget and statement timeout. One profile (one application restart) for all.
 */
@QuarkusTest
@TestProfile(ProductionSwitchesTest.Switches.class)
class ProductionSwitchesTest {

    public static class Switches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.smallrye-graphql.field-visibility", "no-introspection",
                    "quarkus.smallrye-graphql.ui.enabled", "false",
                    "quarkus.smallrye-graphql.instrumentation-query-complexity", "20",
                    "newsroom.limits.statement-timeout", "1s");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void introspectionIsRefusedWhenSwitchedOff() {
        Response response = post("{ __schema { types { name } } }");
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("GRAPHQL_VALIDATION_FAILED", response.jsonPath().getString("errors[0].extensions.code"),
                response.asString());
        assertNull(response.jsonPath().get("data.__schema"));
    }

    @Test
    void ordinaryQueriesStillWork() {
        Response response = post("{ countries(first: 2) { totalCount } }");
        assertNull(response.jsonPath().get("errors"), response.asString());
    }

    @Test
    void graphQLUiIsNotServed() {
        given().when().get("/q/graphql-ui/").then().statusCode(404);
    }

    @Test
    void tooComplexAQueryIsRefused() {
        Response response = post("{ articles(first: 1) { edges { node { id slug headline body language direction status"
                + " version attributionSource firstPublishedAt lastUpdatedAt withdrawalReason"
                + " countries { code name } paragraphs { text } } } pageInfo { hasNextPage endCursor } } }");
        assertEquals(200, response.statusCode(), response.asString());
        RequestLimitsTest.assertError(response.jsonPath(), "QUERY_LIMIT_EXCEEDED", "complexity");
    }

    @Test
    void aStatementPastTheTimeoutEndsInTimeout() throws Exception {
        String speakers = "{ speakers(first: 2) { edges { node { id } } } }";
        whileLocked("speaker", () -> {
            Response response = post(speakers);
            assertEquals(200, response.statusCode(), response.asString());
            assertEquals("TIMEOUT", response.jsonPath().getString("errors[0].extensions.code"), response.asString());
            RawHttp.assertNoInternals(response.asString());
            // One statement timed out, not a second one after it: the read engine answered the failure itself.
            assertEquals("compiled", response.header(CompiledReadRoute.EXECUTION), response.asString());
            JsonObject answer = new JsonObject(response.asString());
            assertTrue(answer.containsKey("data") && answer.getValue("data") == null, "speakers is non-null: no data");
            JsonArray errors = answer.getJsonArray("errors");
            assertEquals(1, errors.size(), response.asString());
            assertEquals(List.of("speakers", "TIMEOUT"), pathAndCode(errors.getJsonObject(0)));
            assertEquals("statement-timeout", errors.getJsonObject(0).getJsonObject("extensions").getString("limit"));
            assertEquals(new JsonObject().put("line", 1).put("column", 3),
                    errors.getJsonObject(0).getJsonArray("locations").getJsonObject(0));
            assertTrue(errors.getJsonObject(0).getString("message").startsWith("The database did not finish within"
                    + " the statement timeout"), response.asString());
        });
        Response after = post("{ countries(first: 2) { totalCount } }");
        assertNull(after.jsonPath().get("errors"), after.asString());
    }

    @Test
    void aTimedOutStatementLeavesEveryRootFieldItReadNullWithItsErrorBesideTheRequestsOwnRefusals() throws Exception {
        String query = "{ __typename article(slug: \"no-such-article\") { id } node(id: \"not-an-id\") { id }"
                + " country(code: \"PK\") { code } }";
        whileLocked("article", () -> {
            Response response = post(query);
            assertEquals("compiled", response.header(CompiledReadRoute.EXECUTION), response.asString());
            JsonObject answer = new JsonObject(response.asString());
            assertEquals(new JsonObject().put("__typename", "Query").putNull("article").putNull("node")
                    .putNull("country"), answer.getJsonObject("data"), response.asString());
            JsonArray errors = answer.getJsonArray("errors");
            assertEquals(3, errors.size(), response.asString());
            assertEquals(List.of("article", "TIMEOUT"), pathAndCode(errors.getJsonObject(0)));
            assertEquals(List.of("node", "BAD_USER_INPUT"), pathAndCode(errors.getJsonObject(1)));
            assertEquals(List.of("country", "TIMEOUT"), pathAndCode(errors.getJsonObject(2)));
            assertEquals(new JsonObject().put("line", 1).put("column", 14),
                    errors.getJsonObject(0).getJsonArray("locations").getJsonObject(0));
        });
    }

    @Test
    void aTimedOutStatementLeavesTheSubgraphsSdlAsItIs() throws Exception {
        // a gateway asks for the SDL; beside a field read from the database, its value is no read's
        String query = "{ _service { sdl __typename } article(slug: \"no-such-article\") { id } }";
        whileLocked("article", () -> {
            Response response = post(query);
            assertEquals("compiled", response.header(CompiledReadRoute.EXECUTION), response.asString());
            JsonObject answer = new JsonObject(response.asString());
            assertTrue(answer.getJsonObject("data").getJsonObject("_service").getString("sdl").contains("type Article"),
                    response.asString());
            assertEquals(1, answer.getJsonArray("errors").size(), response.asString());
            assertEquals(List.of("article", "TIMEOUT"), pathAndCode(answer.getJsonArray("errors").getJsonObject(0)));
            assertTrue(answer.getJsonObject("data").containsKey("article"));
            assertNull(answer.getJsonObject("data").getValue("article"));
            assertEquals("_Service", answer.getJsonObject("data").getJsonObject("_service").getString("__typename"));
        });
    }

    /**
     * Runs the check while a writer holds the table: every read of it waits past the statement
     * timeout.
     */
    private void whileLocked(String table, Runnable check) throws Exception {
        try (Connection blocker = dataSource.getConnection(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("set local statement_timeout = 0");
            statement.execute("lock table " + table + " in access exclusive mode");
            try {
                check.run();
            } finally {
                blocker.rollback();
            }
        }
    }

    private static List<String> pathAndCode(JsonObject error) {
        return List.of(error.getJsonArray("path").getString(0), error.getJsonObject("extensions").getString("code"));
    }

    private static Response post(String query) {
        return RawHttp.postJson(new JsonObject().put("query", query).encode());
    }
}
