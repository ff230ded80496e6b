package org.newsroom.hardening;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.RawHttp;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
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
        // A writer holding the table makes every read of it wait past the statement timeout.
        try (Connection blocker = dataSource.getConnection(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("set local statement_timeout = 0");
            statement.execute("lock table speaker in access exclusive mode");
            try {
                Response response = post("{ speakers(first: 2) { edges { node { id } } } }");
                assertEquals(200, response.statusCode(), response.asString());
                assertEquals("TIMEOUT", response.jsonPath().getString("errors[0].extensions.code"), response.asString());
                RawHttp.assertNoInternals(response.asString());
            } finally {
                blocker.rollback();
            }
        }
        Response after = post("{ countries(first: 2) { totalCount } }");
        assertNull(after.jsonPath().get("errors"), after.asString());
    }

    private static Response post(String query) {
        return RawHttp.postJson(new JsonObject().put("query", query).encode());
    }
}
