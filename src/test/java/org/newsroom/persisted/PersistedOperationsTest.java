package org.newsroom.persisted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.newsroom.persisted.PersistedRequests.GRAPHQL_RESPONSE;
import static org.newsroom.persisted.PersistedRequests.code;
import static org.newsroom.persisted.PersistedRequests.get;
import static org.newsroom.persisted.PersistedRequests.post;
import static org.newsroom.persisted.PersistedRequests.sha256;
import static org.newsroom.persisted.PersistedRequests.trusted;
import static org.newsroom.persisted.PersistedRequests.unique;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReadRoute;
import org.newsroom.testing.RawHttp;
import org.newsroom.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Persisted operations: the reader's trusted documents by hash, automatic persisted queries
 * (not found, registered, found; a wrong hash; another version) over POST and GET, and the
 * answers' HTTP caching. The trusted-only switch: {@link PersistedTrustedOnlyTest}.
 */
@QuarkusTest
class PersistedOperationsTest {

    private static final String COUNTRIES_VARIABLES = "{\"lang\":\"en\"}";

    @Test
    void trustedDocumentByHashOverGetIsAnsweredForSharedCaches() {
        String hash = sha256(trusted("Countries"));
        Response response = get(hash, "Countries", COUNTRIES_VARIABLES);
        assertEquals(200, response.statusCode(), response.asString());
        assertNull(response.jsonPath().get("errors"), response.asString());
        assertTrue(response.jsonPath().getList("data.countries.nodes").size() > 0, response.asString());
        String cacheControl = response.header("Cache-Control");
        assertTrue(cacheControl.startsWith("public, max-age=60"), cacheControl);
        assertTrue(cacheControl.contains("s-maxage=60"), cacheControl);
        assertTrue(cacheControl.contains("stale-while-revalidate=30"), cacheControl);
        String vary = response.header("Vary");
        for (String header : new String[] { "Accept", "Accept-Language", "Authorization", "X-Api-Key" }) {
            assertTrue(vary.contains(header), vary);
        }

        String etag = response.header("ETag");
        assertNotNull(etag, response.headers().toString());
        Response notModified = get(hash, "Countries", COUNTRIES_VARIABLES, "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());
        assertEquals(cacheControl, notModified.header("Cache-Control"));
    }

    @Test
    void aGetWithTheDocumentItselfKeepsTheBrowserOnlyCacheControl() {
        Response response = PersistedRequests.request().queryParam("query", trusted("Countries"))
                .queryParam("variables", COUNTRIES_VARIABLES).when().get("/graphql");
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("public, max-age=60", response.header("Cache-Control"));
    }

    @Test
    void answersToCallersWithCredentialsAreNeverShared() {
        String hash = sha256(trusted("Countries"));
        Response editor = get(hash, "Countries", COUNTRIES_VARIABLES, "Authorization", "Bearer " + Tokens.editor());
        assertEquals(200, editor.statusCode(), editor.asString());
        assertNull(editor.jsonPath().get("errors"), editor.asString());
        assertEquals("private, no-cache", editor.header("Cache-Control"));
    }

    @Test
    void unknownHashIsNotFoundThenRegisteredThenFound() {
        String document = unique("persisted/countries-count");
        String hash = sha256(document);
        Map<String, Object> variables = Map.of("first", 1);
        double missesBefore = RawHttp.metric("graphql_persisted_operations_total", "outcome=\"not_found\"");
        double registeredBefore = RawHttp.metric("graphql_persisted_operations_total", "outcome=\"registered\"");

        Response notFound = post(hash, null, variables);
        assertEquals(200, notFound.statusCode(), "application/json: a request error is HTTP 200");
        assertEquals("PERSISTED_QUERY_NOT_FOUND", code(notFound), notFound.asString());
        assertEquals("PersistedQueryNotFound", notFound.jsonPath().getString("errors[0].message"));
        assertNull(notFound.jsonPath().get("data"));
        assertEquals("no-store", notFound.header("Cache-Control"), "a miss must never be cached");
        Response notFoundOverGet = get(hash, "PersistedCountries", "{\"first\":1}", "Accept", GRAPHQL_RESPONSE);
        assertEquals(404, notFoundOverGet.statusCode(), notFoundOverGet.asString());
        assertEquals("PERSISTED_QUERY_NOT_FOUND", code(notFoundOverGet));
        assertEquals("no-store", notFoundOverGet.header("Cache-Control"));

        Response registered = post(hash, document, variables);
        assertEquals(200, registered.statusCode(), registered.asString());
        assertNull(registered.jsonPath().get("errors"), registered.asString());
        long countries = registered.jsonPath().getLong("data.countries.totalCount");
        assertTrue(countries > 0);

        Response byHash = post(hash, null, variables);
        assertNull(byHash.jsonPath().get("errors"), byHash.asString());
        assertEquals(countries, byHash.jsonPath().getLong("data.countries.totalCount"));
        Response byHashOverGet = get(hash, "PersistedCountries", "{\"first\":1}");
        assertEquals(200, byHashOverGet.statusCode(), byHashOverGet.asString());
        assertEquals(countries, byHashOverGet.jsonPath().getLong("data.countries.totalCount"));
        assertTrue(byHashOverGet.header("Cache-Control").contains("s-maxage="), byHashOverGet.header("Cache-Control"));

        assertTrue(RawHttp.metric("graphql_persisted_operations_total", "outcome=\"not_found\"") >= missesBefore + 2);
        assertTrue(RawHttp.metric("graphql_persisted_operations_total", "outcome=\"registered\"") >= registeredBefore + 1);
    }

    @Test
    void aPostByHashTakesTheCompiledReadPath() {
        String document = unique("persisted/articles-count");
        String hash = sha256(document);
        Response inFull = PersistedRequests.postInFull(document, Map.of("first", 1));
        assertEquals("compiled", inFull.header(CompiledReadRoute.EXECUTION), inFull.asString());
        post(hash, document, Map.of("first", 1));
        Response byHash = post(hash, null, Map.of("first", 1));
        assertNull(byHash.jsonPath().get("errors"), byHash.asString());
        assertEquals("compiled", byHash.header(CompiledReadRoute.EXECUTION),
                "the document put into the body is answered like one sent in full");
    }

    @Test
    void aHashThatIsNotTheDocumentsIsRefusedAndNothingIsRegistered() {
        String document = unique("persisted/countries-count");
        String claimed = sha256(unique("persisted/countries-count"));
        Response mismatch = post(claimed, document, Map.of("first", 1), "Accept", GRAPHQL_RESPONSE);
        assertEquals(400, mismatch.statusCode(), mismatch.asString());
        assertEquals("PERSISTED_QUERY_HASH_MISMATCH", code(mismatch), mismatch.asString());
        assertNull(mismatch.jsonPath().get("data"), "nothing ran");
        RawHttp.assertNoInternals(mismatch.asString());

        assertEquals("PERSISTED_QUERY_NOT_FOUND", code(post(claimed, null, Map.of("first", 1))));
    }

    @Test
    void anotherProtocolVersionIsNotSupported() {
        String document = unique("persisted/countries-count");
        Response response = PersistedRequests.request().contentType("application/json")
                .body(Map.of("query", document, "variables", Map.of("first", 1), "extensions",
                        Map.of("persistedQuery", Map.of("version", 2, "sha256Hash", sha256(document)))))
                .when().post("/graphql");
        assertEquals("PERSISTED_QUERY_NOT_SUPPORTED", code(response), response.asString());
        assertEquals("PersistedQueryNotSupported", response.jsonPath().getString("errors[0].message"));

        Response malformed = get("not-a-hash", "PersistedCountries", "{\"first\":1}");
        assertEquals(400, malformed.statusCode(), malformed.asString());
        assertEquals("BAD_REQUEST", code(malformed));
    }

    @Test
    void theRequestGuardChecksADocumentBeforeItIsRegistered() {
        String document = "query TooManyRootFields {" + IntStream.range(0, 16)
                .mapToObj(i -> " c" + i + ": countries(first: 1) { totalCount }").collect(Collectors.joining())
                + " } # " + java.util.UUID.randomUUID();
        String hash = sha256(document);
        Response refused = post(hash, document, Map.of());
        assertEquals(400, refused.statusCode(), refused.asString());
        assertEquals("QUERY_LIMIT_EXCEEDED", code(refused), refused.asString());
        assertEquals("root-fields", refused.jsonPath().getString("errors[0].extensions.limit"));

        assertEquals("PERSISTED_QUERY_NOT_FOUND", code(post(hash, null, Map.of())), "a refused document is not kept");
    }

    @Test
    void rateLimitsApplyToOperationsByHash() {
        // This caller's budget (application.properties, %test) is 150 points; the query costs 100.
        String hash = sha256(trusted("Countries"));
        Response first = get(hash, "Countries", COUNTRIES_VARIABLES, "X-Forwarded-For", "203.0.113.171");
        assertEquals(200, first.statusCode(), first.asString());
        assertEquals("50", first.header("RateLimit-Remaining"));
        Response limited = get(hash, "Countries", COUNTRIES_VARIABLES, "X-Forwarded-For", "203.0.113.171");
        assertEquals(429, limited.statusCode(), limited.asString());
        assertEquals("RATE_LIMITED", code(limited));
        assertEquals("no-store", limited.header("Cache-Control"));
    }
}
