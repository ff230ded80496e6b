package org.newsroom.caching;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.SeedArticle;
import org.newsroom.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * GraphQL over GET with HTTP validators (ETag, Last-Modified, 304) and Cache-Control by who asks
 * and what came back.
 */
@QuarkusTest
class HttpCachingTest {

    private static final String SEED_VARIABLES = "{\"slug\":\"" + SeedArticle.SLUG + "\"}";

    @Test
    void queryOverGetWorksWithVariablesAndOperationName() {
        Response response = get(Map.of("query", document("caching/two-operations"), "operationName", "CachedCountry",
                "variables", "{\"code\":\"pk\"}"));
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("PK", response.jsonPath().getString("data.country.code"));
        assertEquals("Pakistan", response.jsonPath().getString("data.country.name"));
        assertNull(response.jsonPath().get("data.speakers"), "only the named operation ran");
    }

    @Test
    void plusAndPercentSignsInAGetQuerySurviveDecoding() {
        // SmallRye's own GET handler decodes twice: "+" would become a space and "%" fail.
        Response response = get(Map.of("query", "{ search(query: \"a+b 100%\", first: 1) { totalCount } }"));
        assertEquals(200, response.statusCode(), response.asString());
        assertNull(response.jsonPath().get("errors"), response.asString());
    }

    @Test
    void mutationOverGetIsRefusedAndNotExecuted() {
        String headline = "Never over GET " + UUID.randomUUID();
        int draftsBefore = drafts();
        Response response = given().header("Authorization", "Bearer " + Tokens.editor()).accept(ContentType.JSON)
                .queryParam("query", document("caching/create-article"))
                .queryParam("variables", "{\"headline\":\"" + headline + "\"}")
                .when().get("/graphql");
        assertEquals(405, response.statusCode(), response.asString());
        assertEquals("POST", response.header("Allow"));
        assertEquals("METHOD_NOT_ALLOWED", response.jsonPath().getString("errors[0].extensions.code"));
        assertTrue(response.jsonPath().getString("errors[0].message").contains("POST"));
        assertEquals("no-store", response.header("Cache-Control"));

        assertEquals(draftsBefore, drafts(), "the mutation did not run");
    }

    @Test
    void subscriptionOverGetIsRefused() {
        Response response = get(Map.of("query", "subscription { articlePublished { id } }"));
        assertEquals(405, response.statusCode(), response.asString());
        assertEquals("METHOD_NOT_ALLOWED", response.jsonPath().getString("errors[0].extensions.code"));
    }

    @Test
    void sameDataSameEtagAndIfNoneMatchGives304WithoutBody() {
        Map<String, String> params = Map.of("query", document("caching/seed-headline"), "variables", SEED_VARIABLES);
        Response first = get(params);
        Response second = get(params);
        String etag = first.header("ETag");
        assertNotNull(etag, "a successful GET has an ETag");
        assertTrue(etag.matches("W/\"[A-Za-z0-9_-]{22}\""), "a weak ETag (extensions.cost varies, the data not): " + etag);
        assertEquals(etag, second.header("ETag"), "the same body has the same ETag");

        Response notModified = get(params, "If-None-Match", "\"other\", " + etag);
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.asString(), "a 304 has no body");
        assertEquals(etag, notModified.header("ETag"));
        assertEquals("public, max-age=60", notModified.header("Cache-Control"));

        assertEquals(200, get(params, "If-None-Match", "\"stale\"").statusCode());
        Response otherQuery = get(Map.of("query", "{ country(code: \"IR\") { code } }"));
        assertNotEquals(etag, otherQuery.header("ETag"), "another body, another ETag");
    }

    @Test
    void lastModifiedAndIfModifiedSince() {
        Map<String, String> params = Map.of("query", document("caching/seed-headline"), "variables", SEED_VARIABLES);
        Response response = get(params);
        // Another test's write in this very second leaves Last-Modified out until it is a second old.
        for (int attempt = 0; attempt < 30 && response.header("Last-Modified") == null; attempt++) {
            sleep(100);
            response = get(params);
        }
        String lastModified = response.header("Last-Modified");
        assertNotNull(lastModified, "a successful GET has a Last-Modified");
        Instant at = ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertTrue(at.isBefore(Instant.now()), "Last-Modified is a past content change: " + lastModified);

        assertEquals(304, get(params, "If-Modified-Since", lastModified).statusCode());
        String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(at.minusSeconds(1).atZone(java.time.ZoneOffset.UTC));
        assertEquals(200, get(params, "If-Modified-Since", earlier).statusCode());
        assertEquals(200, given().accept(ContentType.JSON).queryParams(params).header("If-None-Match", "\"stale\"")
                .header("If-Modified-Since", lastModified).when().get("/graphql").statusCode(),
                "If-None-Match decides when both are sent");
    }

    @Test
    void lastModifiedMovesWithAWrite() {
        Map<String, String> params = Map.of("query", document("caching/seed-headline"), "variables", SEED_VARIABLES);
        GraphQLClient.editor().execute("caching/create-article", Map.of("headline", "Clock " + UUID.randomUUID()))
                .data("createArticle.article.id");
        // The revision just written is the newest change: Last-Modified waits until it has settled, then names it.
        Instant written = Instant.now().minusSeconds(2);
        Response response = get(params);
        for (int attempt = 0; attempt < 30 && response.header("Last-Modified") == null; attempt++) {
            sleep(100);
            response = get(params);
        }
        Instant at = ZonedDateTime.parse(response.header("Last-Modified"), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        assertTrue(at.isAfter(written), "Last-Modified " + at + " is the new revision's time, after " + written);
    }

    @Test
    void cacheControlPublicForAnonymousPrivateForCallersWithCredentials() {
        Map<String, String> params = Map.of("query", document("caching/seed-headline"), "variables", SEED_VARIABLES);
        Response anonymous = get(params);
        assertEquals("public, max-age=60", anonymous.header("Cache-Control"));
        assertEquals("Accept, Accept-Language, Authorization, X-Api-Key", anonymous.header("Vary"));

        Response editor = get(params, "Authorization", "Bearer " + Tokens.editor());
        assertEquals(200, editor.statusCode());
        assertEquals("private, no-cache", editor.header("Cache-Control"));
        assertNotNull(editor.header("ETag"), "private responses still revalidate");

        Response post = post(document("caching/seed-headline"), Map.of("slug", SeedArticle.SLUG), null);
        assertEquals("public, max-age=60", post.header("Cache-Control"), "the same rules over POST");
        assertNull(post.header("ETag"), "POST responses are not hashed");
    }

    @Test
    void errorsAndMutationsAreNeverStored() {
        Response invalid = get(Map.of("query", document("caching/unknown-field")));
        assertEquals(200, invalid.statusCode());
        assertEquals("GRAPHQL_VALIDATION_FAILED", invalid.jsonPath().getString("errors[0].extensions.code"));
        assertEquals("no-store", invalid.header("Cache-Control"));
        assertNull(invalid.header("ETag"), "an error response has no validator");

        Response badInput = get(Map.of("query", "{ articles(first: 1000) { totalCount } }"));
        assertEquals("BAD_USER_INPUT", badInput.jsonPath().getString("errors[0].extensions.code"));
        assertEquals("no-store", badInput.header("Cache-Control"));

        Response mutation = post(document("caching/create-article"), Map.of("headline", "Stored? " + UUID.randomUUID()),
                Tokens.editor());
        assertNotNull(mutation.jsonPath().get("data.createArticle.article.id"), mutation.asString());
        assertEquals("no-store", mutation.header("Cache-Control"));
    }

    @Test
    void getWithoutQueryOrWithBadVariablesIsABadRequest() {
        // the codes of the same mistakes over POST
        Response noQuery = given().accept(ContentType.JSON).when().get("/graphql");
        assertEquals(400, noQuery.statusCode());
        assertEquals("BAD_REQUEST", noQuery.jsonPath().getString("errors[0].extensions.code"));
        Response badVariables = get(Map.of("query", document("caching/seed-headline"), "variables", "[1]"));
        assertEquals(400, badVariables.statusCode());
        assertEquals("BAD_REQUEST", badVariables.jsonPath().getString("errors[0].extensions.code"));
    }

    private static Response get(Map<String, String> params, String... headers) {
        RequestSpecification request = given().accept(ContentType.JSON).queryParams(params);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.when().get("/graphql");
    }

    private static Response post(String query, Map<String, Object> variables, String token) {
        RequestSpecification request = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("query", query, "variables", variables));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.when().post("/graphql");
    }

    private static int drafts() {
        return GraphQLClient.editor().execute("article/articles-in-status", Map.of("status", "DRAFT", "language", "en"))
                .<Integer>data("articles.totalCount");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String document(String name) {
        String path = "graphql/" + name + ".graphql";
        try (InputStream in = HttpCachingTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
