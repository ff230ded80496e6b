package org.newsroom.country;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.Pages;

import io.quarkus.test.junit.QuarkusTest;

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

    private String name(String code, String lang) {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("code", code);
        variables.put("lang", lang);
        return client.execute("country/country", variables).data("country.name");
    }
}
