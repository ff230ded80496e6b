package org.newsroom.hardening;

import static io.restassured.RestAssured.given;
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
        assertNull(response.jsonPath().get("errors[0].extensions.classification"), response.asString());
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
        // 200 under application/json, as GraphQL over HTTP asks (400 under application/graphql-response+json)
        Response response = post("{ country(code: ", Map.of());
        assertEquals(200, response.statusCode(), response.asString());
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

    /**
     * A chain of fragments, each spreading the previous one twice: under 1 KB, 2^n fields when
     * expanded. It is measured without expanding it (one measure per fragment) and refused before
     * anything expands it; with n = 23 the unguarded service ran out of memory.
     */
    static String fragmentFanOut(int n) {
        return fragmentFanOut(n, "query Q { ...F" + n + " }", "Query", "__typename");
    }

    static String fragmentFanOut(int n, String operation, String type, String field) {
        StringBuilder document = new StringBuilder(operation + "\nfragment F0 on " + type + " { " + field + " }\n");
        for (int i = 1; i <= n; i++) {
            document.append("fragment F").append(i).append(" on ").append(type).append(" { ...F").append(i - 1)
                    .append(" ...F").append(i - 1).append(" }\n");
        }
        return document.toString();
    }

    @Test
    void aFragmentFanOutIsRefusedAsTheFieldsItWouldExecute() {
        for (int n : new int[] { 11, 23, 62, 64, 300 }) {
            Response response = post(fragmentFanOut(n), Map.of());
            assertRefused(response, 400, "QUERY_LIMIT_EXCEEDED", "fields");
            assertTrue(response.jsonPath().getString("errors[0].message").contains("fields"), response.asString());
        }
    }

    @Test
    void aFanOutBelowTheFieldLimitRuns() {
        // 1,025 fields as written, one totalCount once merged
        Response response = post(fragmentFanOut(10, "query Q { countries(first: 1) { ...F10 } }", "CountryConnection",
                "totalCount"), Map.of());
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.jsonPath().getInt("data.countries.totalCount") > 0, response.asString());
    }

    @Test
    void thousandsOfCopiesOfOneFieldAreRefused() {
        assertRefused(post("{ countries(first: 1) { " + "totalCount ".repeat(4_800) + "} }", Map.of()), 400,
                "QUERY_LIMIT_EXCEEDED", "fields");
    }

    @Test
    void aFanOutOverGetIsRefusedToo() {
        Response response = get(Map.of("query", fragmentFanOut(23)));
        assertRefused(response, 400, "QUERY_LIMIT_EXCEEDED", "fields");
    }

    @Test
    void aliasesAndRootFieldsInFragmentsCountEveryTimeTheFragmentIsSpread() {
        String aliases = "query { countries(first: 1) { ...A ...A ...A ...A } }\n"
                + "fragment A on CountryConnection { a: totalCount b: totalCount c: totalCount d: totalCount "
                + "e: totalCount f: totalCount g: totalCount h: totalCount }";
        assertRefused(post(aliases, Map.of()), 400, "QUERY_LIMIT_EXCEEDED", "aliases");
        String rootFields = "query { ...R ...R ...R ...R }\nfragment R on Query { a: __typename b: __typename "
                + "c: __typename d: __typename }";
        assertRefused(post(rootFields, Map.of()), 400, "QUERY_LIMIT_EXCEEDED", "root-fields");
    }

    @Test
    void fragmentCyclesEndInAValidationError() {
        Response response = post("query { ...A }\nfragment A on Query { __typename ...B }\n"
                + "fragment B on Query { __typename ...A }", Map.of());
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("GRAPHQL_VALIDATION_FAILED", response.jsonPath().getString("errors[0].extensions.code"),
                response.asString());
    }

    @Test
    void getIsUnderTheSameLimitsAsPost() {
        StringBuilder aliases = new StringBuilder("{ countries(first: 1) { ");
        for (int i = 0; i <= 30; i++) {
            aliases.append("a").append(i).append(": totalCount ");
        }
        aliases.append("} }");
        assertRefused(get(Map.of("query", aliases.toString())), 400, "QUERY_LIMIT_EXCEEDED", "aliases");
        assertRefused(get(Map.of("query", "{ " + "__typename ".repeat(16) + "}")), 400, "QUERY_LIMIT_EXCEEDED",
                "root-fields");
        String nested = "[".repeat(20) + "1" + "]".repeat(20);
        assertRefused(get(Map.of("query", "query($x: [Int]) { __typename }", "variables", "{\"x\":" + nested + "}")),
                400, "QUERY_LIMIT_EXCEEDED", "variables-depth");
        Response allowed = get(Map.of("query", "{ " + "__typename ".repeat(15) + "}"));
        assertEquals(200, allowed.statusCode(), allowed.asString());
    }

    @Test
    void aTooLongUrlIs414WithACodedBody() {
        Response response = get(Map.of("query", "{ " + "__typename ".repeat(500) + "}"));
        assertRefused(response, 414, "QUERY_LIMIT_EXCEEDED", "url-length");
    }

    @Test
    void tooLargeHeadersAre431WithACodedBody() {
        Response response = given().accept("application/json").header("X-Padding", "x".repeat(21_000))
                .queryParam("query", "{ __typename }").when().get("/graphql");
        assertRefused(response, 431, "QUERY_LIMIT_EXCEEDED", "header-size");
    }

    static Response get(Map<String, String> parameters) {
        return given().accept("application/json").queryParams(parameters).when().get("/graphql");
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
