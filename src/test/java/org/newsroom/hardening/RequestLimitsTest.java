package org.newsroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.RawHttp;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * Every request limit of docs/api.md, "Limits": a request just past it is refused with
 * its code and the limit's name, and the breach is counted in graphql_limit_breaches_total.
 */
@QuarkusTest
class RequestLimitsTest {

    @Test
    void bodyOverTheLimitIs413WithAGraphQLError() {
        String body = new JsonObject().put("query", "{ __typename }").put("padding", "x".repeat(1_100_000)).encode();
        assertRefused(RawHttp.postJson(body), 413, "QUERY_LIMIT_EXCEEDED", "body-size");
    }

    @Test
    void batchedOperationsAreRefused() {
        assertRefused(RawHttp.postJson("[{\"query\":\"{ __typename }\"},{\"query\":\"{ __typename }\"}]"), 400,
                "QUERY_LIMIT_EXCEEDED", "batch");
    }

    @Test
    void moreTokensThanTheLimitAreRefused() {
        String query = "{ " + "__typename ".repeat(5_100) + "}";
        assertRefused(post(query, Map.of()), 400, "QUERY_LIMIT_EXCEEDED", "tokens");
    }

    @Test
    void moreAliasesThanTheLimitAreRefused() {
        StringBuilder query = new StringBuilder("{ countries(first: 1) { totalCount ");
        for (int i = 0; i <= 30; i++) {
            query.append("a").append(i).append(": totalCount ");
        }
        query.append("} }");
        assertRefused(post(query.toString(), Map.of()), 400, "QUERY_LIMIT_EXCEEDED", "aliases");
    }

    @Test
    void thirtyAliasesAreAllowed() {
        StringBuilder query = new StringBuilder("{ countries(first: 1) { ");
        for (int i = 0; i < 30; i++) {
            query.append("a").append(i).append(": totalCount ");
        }
        query.append("} }");
        Response response = post(query.toString(), Map.of());
        assertEquals(200, response.statusCode(), response.asString());
        assertNull(response.jsonPath().get("errors"), response.asString());
    }

    @Test
    void moreRootFieldsThanTheLimitAreRefused() {
        // Fragments at the root count with the fields they bring.
        String query = "{ " + "... on Query { __typename } ".repeat(16) + "}";
        assertRefused(post(query, Map.of()), 400, "QUERY_LIMIT_EXCEEDED", "root-fields");
    }

    @Test
    void tooDeepAQueryIsRefused() {
        String query = "{ __schema { types { fields { type " + "{ ofType ".repeat(12) + "{ name }" + " }".repeat(12)
                + " } } } }";
        Response response = post(query, Map.of());
        assertEquals(200, response.statusCode(), response.asString());
        assertError(response.jsonPath(), "QUERY_LIMIT_EXCEEDED", "depth");
    }

    @Test
    void deeplyNestedVariablesAreRefused() {
        String nested = "[".repeat(20) + "1" + "]".repeat(20);
        String body = "{\"query\":\"query($x: [Int]) { __typename }\",\"variables\":{\"x\":" + nested + "}}";
        assertRefused(RawHttp.postJson(body), 400, "QUERY_LIMIT_EXCEEDED", "variables-depth");
    }

    @Test
    void oversizedVariablesAreRefused() {
        Response response = post("query($q: String!) { search(query: $q, first: 1) { totalCount } }",
                Map.of("q", "x".repeat(600_000)));
        assertRefused(response, 400, "QUERY_LIMIT_EXCEEDED", "variables-size");
    }

    @Test
    void unparseableDocumentIsParseFailed() {
        Response response = post("{ country(code: ", Map.of());
        assertEquals(400, response.statusCode(), response.asString());
        assertEquals("GRAPHQL_PARSE_FAILED", response.jsonPath().getString("errors[0].extensions.code"));
    }

    @Test
    void breachesAreCountedPerLimit() {
        double before = RawHttp.metric("graphql_limit_breaches_total", "limit=\"root-fields\"");
        post("{ " + "__typename ".repeat(16) + "}", Map.of());
        post("{ " + "__typename ".repeat(17) + "}", Map.of());
        assertEquals(before + 2, RawHttp.metric("graphql_limit_breaches_total", "limit=\"root-fields\""));
    }

    @Test
    void aDocumentAcceptedBeforeStillHasItsVariablesCheckedAndARefusedOneIsRefusedEveryTime() {
        String accepted = "query($q: String!) { search(query: $q, first: 1) { totalCount } } # remembered";
        assertEquals(200, post(accepted, Map.of("q", "krebs")).statusCode());
        assertEquals(200, post(accepted, Map.of("q", "krebs")).statusCode());
        assertRefused(post(accepted, Map.of("q", "x".repeat(600_000))), 400, "QUERY_LIMIT_EXCEEDED", "variables-size");

        String refused = "{ " + "__typename ".repeat(16) + "} # refused twice";
        double before = RawHttp.metric("graphql_limit_breaches_total", "limit=\"root-fields\"");
        assertRefused(post(refused, Map.of()), 400, "QUERY_LIMIT_EXCEEDED", "root-fields");
        assertRefused(post(refused, Map.of()), 400, "QUERY_LIMIT_EXCEEDED", "root-fields");
        assertEquals(before + 2, RawHttp.metric("graphql_limit_breaches_total", "limit=\"root-fields\""));
    }

    static Response post(String query, Map<String, Object> variables) {
        return RawHttp.postJson(new JsonObject().put("query", query).put("variables", variables).encode());
    }

    static void assertRefused(Response response, int status, String code, String limit) {
        assertEquals(status, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertError(response.jsonPath(), code, limit);
    }

    static void assertError(JsonPath json, String code, String limit) {
        assertEquals(code, json.getString("errors[0].extensions.code"), json.prettify());
        assertEquals(limit, json.getString("errors[0].extensions.limit"), json.prettify());
        assertTrue(json.getString("errors[0].message").length() > 10, json.prettify());
    }
}
