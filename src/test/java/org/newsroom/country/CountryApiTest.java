package org.newsroom.country;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReadRoute;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.Pages;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class CountryApiTest {

    private static final int ISO_3166_COUNTRIES = 249;

    private final GraphQLClient client = GraphQLClient.anonymous();

    @Test
    void looksUpByAlpha2OrAlpha3InAnyCase() {
        for (String code : List.of("IR", "ir", "IRN", "irn", " Ir ")) {
            GraphQLResponse response = client.execute("country/country", Map.of("code", code));
            assertEquals("IR", response.data("country.code"), code);
            assertEquals("IRN", response.data("country.alpha3"), code);
            assertEquals("364", response.data("country.numericCode"), code);
        }
    }

    @Test
    void unknownCodeIsNull() {
        assertNull(client.execute("country/country", Map.of("code", "ZZ")).data("country"));
        assertNull(client.execute("country/country", Map.of("code", "")).data("country"));
    }

    @Test
    void namesInEnglishAndUrdu() {
        assertEquals("Iran", name("IR", "en"));
        assertEquals("ایران", name("IR", "ur"));
        assertEquals("Russia", name("RU", "en"));
        assertEquals("روس", name("RU", "ur"));
        assertEquals("چین", name("CN", "ur-PK"));
        assertEquals("Pakistan", name("PK", null));
    }

    @Test
    void nameWithoutLangFollowsAcceptLanguageAndLangWins() {
        GraphQLResponse response = GraphQLClient.anonymous().header("Accept-Language", "xx, ur;q=0.9, en;q=0.1")
                .execute("country/country-header-name", Map.of("code", "RU"));

        assertEquals("روس", response.data("country.name"));
        assertEquals("Russia", response.data("country.english"));
    }

    @Test
    void malformedAcceptLanguageFallsBackToEnglish() {
        GraphQLResponse response = GraphQLClient.anonymous().header("Accept-Language", ";;;==")
                .execute("country/country-header-name", Map.of("code", "RU"));

        assertEquals("Russia", response.data("country.name"));
    }

    @Test
    void unknownLanguageTagIsAClientError() {
        for (String lang : List.of("xx", "not a tag", "e")) {
            GraphQLResponse response = client.execute("country/country", Map.of("code", "IR", "lang", lang));
            assertEquals("BAD_USER_INPUT", response.errorCode(), lang);
        }
    }

    @Test
    void pagingBothWaysVisitsEveryCountryOnce() {
        List<String> forward = Pages.forward("country/countries-page", "countries", Map.of(), 100);
        List<String> backward = Pages.backward("country/countries-page", "countries", Map.of(), 30);

        assertEquals(ISO_3166_COUNTRIES, forward.size());
        assertEquals(ISO_3166_COUNTRIES, new HashSet<>(forward).size());
        assertEquals(forward, backward);
        assertEquals(ISO_3166_COUNTRIES, (int) client.execute("country/countries-page", Map.of("first", 1))
                .data("countries.totalCount"));
    }

    @Test
    void emptyPageHasNoCursors() {
        GraphQLResponse response = client.execute("country/countries-page", Map.of("first", 0));

        assertEquals(List.of(), response.data("countries.edges"));
        assertEquals(true, response.data("countries.pageInfo.hasNextPage"));
        assertNull(response.data("countries.pageInfo.endCursor"));
    }

    @Test
    void namesFollowEachRequestsLanguageUnderConcurrentReads() throws Exception {
        // The reader's front page by hash over GET as the benchmark sends it, and the same page asking
        // names without lang over GET and POST: 32 requests at a time, in two languages.
        String frontPage = trustedHash("FrontPage");
        String headerNames = GraphQLClient.load("country/front-page-header-names");
        List<Callable<JsonPath>> calls = List.of(
                () -> getByHash(frontPage, "{\"first\":10,\"lang\":\"ur\"}", "en"),
                () -> getByHash(frontPage, "{\"first\":10,\"lang\":\"en\"}", "ur"),
                () -> get(headerNames, "xx, ur;q=0.9, en;q=0.1"),
                () -> get(headerNames, "en-GB"),
                () -> post(headerNames, "xx, ur;q=0.9, en;q=0.1"),
                () -> post(headerNames, "en-GB"));
        List<JsonPath> expected = new ArrayList<>();
        for (Callable<JsonPath> call : calls) {
            expected.add(call.call());
        }
        assertHeaderNames(expected.get(2), "urdu");
        assertHeaderNames(expected.get(3), "english");
        assertEquals(expected.get(2).getList("data.articles.edges.node.countries.name"),
                expected.get(0).getList("data.articles.edges.node.countries.name"), "the Urdu names either way");

        int rounds = 10;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<JsonPath>> responses = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (Callable<JsonPath> call : calls) {
                    responses.add(pool.submit(call));
                }
            }
            for (int i = 0; i < responses.size(); i++) {
                JsonPath response = responses.get(i).get(60, TimeUnit.SECONDS);
                JsonPath sequential = expected.get(i % calls.size());
                assertNull(response.get("errors"), "request " + i + ": " + response.prettify());
                assertEquals(sequential.getMap("data"), response.getMap("data"), "request " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each country's name is its name in the given alias's language, and the languages differ somewhere. */
    private static void assertHeaderNames(JsonPath response, String alias) {
        assertNull(response.get("errors"), response.prettify());
        List<Map<String, String>> countries = new ArrayList<>();
        for (List<Map<String, String>> ofArticle : response.<List<Map<String, String>>>getList(
                "data.articles.edges.node.countries")) {
            countries.addAll(ofArticle);
        }
        assertTrue(countries.stream().anyMatch(country -> !country.get("urdu").equals(country.get("english"))),
                "the front page names a country whose Urdu and English names differ");
        for (Map<String, String> country : countries) {
            assertEquals(country.get(alias), country.get("name"), country.get("code"));
        }
    }

    private static JsonPath getByHash(String hash, String variables, String acceptLanguage) {
        String extensions = new JsonObject().put("persistedQuery",
                new JsonObject().put("version", 1).put("sha256Hash", hash)).encode();
        return ok(asking(acceptLanguage).queryParam("operationName", "FrontPage")
                .queryParam("variables", variables).queryParam("extensions", extensions).when().get("/graphql"));
    }

    private static JsonPath get(String document, String acceptLanguage) {
        return ok(asking(acceptLanguage).queryParam("query", document).queryParam("variables", "{\"first\":10}")
                .when().get("/graphql"));
    }

    private static JsonPath post(String document, String acceptLanguage) {
        return ok(asking(acceptLanguage).contentType(ContentType.JSON)
                .body(Map.of("query", document, "variables", Map.of("first", 10))).when().post("/graphql"));
    }

    private static RequestSpecification asking(String acceptLanguage) {
        return given().accept(ContentType.JSON).header("Accept-Language", acceptLanguage);
    }

    private static JsonPath ok(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("compiled", response.header(CompiledReadRoute.EXECUTION));
        return response.jsonPath();
    }

    /** The hash of a document of the reader's manifest of persisted operations, by operation name. */
    private static String trustedHash(String operationName) {
        try (InputStream in = CountryApiTest.class.getClassLoader().getResourceAsStream("persisted/reader.json")) {
            JsonObject manifest = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return manifest.fieldNames().stream()
                    .filter(hash -> manifest.getString(hash).startsWith("query " + operationName + "("))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String name(String code, String lang) {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("code", code);
        variables.put("lang", lang);
        return client.execute("country/country", variables).data("country.name");
    }
}
