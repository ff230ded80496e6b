package org.newsroom.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.HibernateStatements;
import org.newsroom.testing.SeedArticle;
import org.newsroom.testing.TestData;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SearchApiTest {

    /** "Microsoft" as the seed article writes it, in Urdu letters. */
    private static final String MICROSOFT = "مائیکروسافٹ";

    private final GraphQLClient client = GraphQLClient.anonymous();

    @Inject
    SessionFactory sessionFactory;

    // ---- variants of the same word -------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "مائیکروسافٹ", // as written
            "مائيكروسافٹ", // Arabic YEH and KAF instead of FARSI YEH and KEHEH
            "مائىكروسافٹ", // ALEF MAKSURA for YEH
            "مَائِیکرُوسافٹ", // with harakat
            "مائیـــکروســافٹ", // tatweel
            "مائی\u200Cکرو\u200Dسافٹ", // zero-width non-joiner and joiner
            "\u200Fمائیکروسافٹ\u200E", // direction marks around it
            "ﻣﺎﺋﯿﮑﺮﻭﺳﺎﻓﭧ", // Arabic presentation forms (NFKC folds them)
            "MICROSOFT_PLACEHOLDER" // replaced below by the NFD form
    })
    void findsTheSeedArticleWhateverTheSpellingOfMicrosoft(String query) {
        String typed = query.equals("MICROSOFT_PLACEHOLDER") ? java.text.Normalizer.normalize(MICROSOFT, Form.NFD) : query;
        assertTrue(!typed.equals(MICROSOFT) || query.equals(MICROSOFT));
        List<Map<String, Object>> edges = search(typed, Map.of("types", List.of("ARTICLE")));

        assertEquals(SeedArticle.SLUG, node(edges.get(0)).get("slug"), "first result for " + typed);
        assertTrue(score(edges.get(0)) >= 1, "an exact match, not a similar one, for " + typed);
    }

    @Test
    void hehAndTehMarbutaVariantsMatchEachOther() {
        // امریکہ (America) typed with Arabic YEH, KAF and TEH MARBUTA
        assertEquals(SeedArticle.SLUG, node(search("امريكة", Map.of("types", List.of("ARTICLE"))).get(0)).get("slug"));
        // اقوامِ متحدہ (United Nations) typed with HEH instead of HEH GOAL and without the kasra
        assertEquals(SeedArticle.SLUG, node(search("اقوام متحده", Map.of("types", List.of("ARTICLE"))).get(0)).get("slug"));
    }

    @Test
    void easternDigitsMatchAsciiDigits() {
        for (String year : List.of("۲۰۱۶", "٢٠١٦", "2016")) {
            List<Map<String, Object>> edges = search(year, Map.of("types", List.of("STATEMENT")));
            assertEquals(2, edges.size(), "statements that mention 2016, searched as " + year);
            edges.forEach(edge -> assertTrue(((String) node(edge).get("text")).contains("2016")));
        }
    }

    @Test
    void latinCaseAndAccentsDoNotMatter() {
        List<Map<String, Object>> speakers = search("KRÉBS", Map.of("types", List.of("SPEAKER")));
        assertEquals(List.of("Christopher Krebs"), speakers.stream().map(e -> node(e).get("latinName")).toList());

        List<Map<String, Object>> statements = search("SÉCOND PÀRAGRAPH", Map.of("types", List.of("STATEMENT")));
        assertFalse(statements.isEmpty());
        statements.forEach(edge -> assertEquals("Second paragraph", node(edge).get("text")));
    }

    // ---- typos and spaces ----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "مائکروسافٹ", // a letter left out
            // (an extra space, "مائیکرو سافٹ", now matches exactly: every word may be the start of one; SearchRecallTest)
            "جوبائیڈن", // a space left out (جو بائیڈن, Joe Biden)
            "ڈونلڈٹرمپ" // a space left out (ڈونلڈ ٹرمپ, Donald Trump)
    })
    void similarTextIsFoundWhenNothingMatchesExactly(String query) {
        List<Map<String, Object>> edges = search(query, Map.of("types", List.of("ARTICLE")));

        assertEquals(SeedArticle.SLUG, node(edges.get(0)).get("slug"));
        assertTrue(score(edges.get(0)) < 1, "a similar match ranks below exact ones");
        assertFalse(highlights(edges.get(0)).isEmpty(), "the similar words are marked");
    }

    @Test
    void latinTyposFindSpeakers() {
        List<Map<String, Object>> edges = search("Christofer Krebbs", Map.of("types", List.of("SPEAKER")));

        assertEquals("Christopher Krebs", node(edges.get(0)).get("latinName"));
    }

    @Test
    void wordsOfNewRowsAreFoundWithATypo() {
        // a word no other row has: the vocabulary learns it from the insert (V8 triggers)
        String prefix = TestData.prefix();
        String letters = prefix.substring(6, 14).chars().mapToObj(c -> String.valueOf((char) ('a' + c % 26)))
                .reduce("", String::concat);
        String word = "Quillobrant" + letters;
        try {
            GraphQLClient.editor().execute("speaker/create-speaker", Map.of("input", Map.of(
                    "kind", "PERSON", "originalName", "کوئلوبرانٹ", "nameLanguage", "ur",
                    "latinName", prefix + word, "country", "USA"))).data("createSpeaker");

            String typo = "Quilobrant" + letters; // a letter left out
            List<Map<String, Object>> edges = search(typo, Map.of("types", List.of("SPEAKER")));

            assertEquals(prefix + word, node(edges.get(0)).get("latinName"));
            assertTrue(score(edges.get(0)) < 1, "a similar match, not an exact one");
        } finally {
            TestData.remove(prefix);
        }
    }

    // ---- ranking, highlights, paging -----------------------------------------------------------

    @Test
    void anExactPhraseRanksAboveScatteredWords() {
        // "چین کے ہیکرز" (China's hackers): a phrase in two statements, scattered words in others
        List<Map<String, Object>> edges = search("چین کے ہیکرز", Map.of("types", List.of("STATEMENT")));
        List<Boolean> phrase = edges.stream().map(e -> ((String) node(e).get("text")).contains("چین کے ہیکرز")).toList();

        assertTrue(phrase.contains(true) && phrase.contains(false), "both kinds are found: " + phrase);
        assertEquals(phrase.indexOf(false), phrase.lastIndexOf(true) + 1, "phrases first: " + phrase);
        assertTrue(score(edges.get(0)) > score(edges.get(edges.size() - 1)));
    }

    @Test
    void highlightsPointAtTheMatchedWordsOfTheOriginalText() {
        List<Map<String, Object>> edges = search("مائيكروسافٹ", Map.of("types", List.of("ARTICLE")));
        Map<String, Object> article = node(edges.get(0));
        Map<String, String> fields = Map.of("HEADLINE", (String) article.get("headline"), "BODY",
                (String) article.get("body"));

        List<Map<String, Object>> highlights = highlights(edges.get(0));
        assertEquals(List.of("HEADLINE", "BODY"), highlights.stream().map(h -> h.get("field")).toList());
        int bodyMatches = 0;
        for (Map<String, Object> highlight : highlights) {
            String text = fields.get((String) highlight.get("field"));
            String snippet = (String) highlight.get("snippet");
            int snippetStart = (Integer) highlight.get("snippetStart");
            assertEquals(text.substring(snippetStart, snippetStart + snippet.length()), snippet);
            @SuppressWarnings("unchecked")
            List<Map<String, Integer>> matches = (List<Map<String, Integer>>) highlight.get("matches");
            for (Map<String, Integer> match : matches) {
                assertEquals(MICROSOFT, text.substring(match.get("start"), match.get("end")));
            }
            if (highlight.get("field").equals("BODY")) {
                bodyMatches = matches.size();
            }
        }
        assertEquals(8, bodyMatches, "every مائیکروسافٹ of the body");
    }

    @Test
    void pagesAreStableAndCoverEveryResultOnce() {
        List<String> all = ids(client.execute("search/search", Map.of("query", "ہیکرز", "first", 100))
                .data("search.edges"));
        List<String> paged = new ArrayList<>();
        String after = null;
        while (true) {
            Map<String, Object> variables = new HashMap<>(Map.of("query", "ہیکرز", "first", 3));
            if (after != null) {
                variables.put("after", after);
            }
            GraphQLResponse response = client.execute("search/search", variables);
            paged.addAll(ids(response.data("search.edges")));
            if (!Boolean.TRUE.equals(response.data("search.pageInfo.hasNextPage"))) {
                break;
            }
            after = response.data("search.pageInfo.endCursor");
        }
        assertTrue(all.size() > 6, "enough results to page: " + all.size());
        assertEquals(all, paged);
        assertEquals(all.size(), (Integer) client.execute("search/search", Map.of("query", "ہیکرز", "first", 1))
                .data("search.totalCount"));
    }

    @Test
    void aCursorOfAnotherSearchIsRefused() {
        String cursor = client.execute("search/search", Map.of("query", "ہیکرز", "first", 1))
                .data("search.pageInfo.endCursor");

        GraphQLResponse response = client.execute("search/search", Map.of("query", "ٹرمپ", "after", cursor));
        assertEquals("BAD_USER_INPUT", response.errorCode());
        assertEquals("BAD_USER_INPUT", client.execute("search/search", Map.of("query", "ٹرمپ", "after", "bm9wZQ"))
                .errorCode());
    }

    // ---- filters -------------------------------------------------------------------------------

    @Test
    void filtersNarrowTheResults() {
        assertEquals(List.of("SPEAKER"), types(search("ٹرمپ", Map.of("types", List.of("SPEAKER")))));
        assertEquals(List.of("Donald Trump presidential campaign"),
                search("ٹرمپ", Map.of("types", List.of("SPEAKER"))).stream().map(e -> node(e).get("latinName")).toList());
        assertEquals(List.of(), search("ٹرمپ", Map.of("language", "en")));
        assertEquals(List.of(), search("ٹرمپ", Map.of("publishedBefore", "2020-01-01T00:00:00Z")));
        assertFalse(search("ٹرمپ", Map.of("publishedFrom", "2020-09-01T00:00:00Z", "language", "ur")).isEmpty());

        List<Map<String, Object>> russian = search("ہیکرز", Map.of("country", "RU", "types", List.of("STATEMENT")));
        assertFalse(russian.isEmpty());
        List<Map<String, Object>> all = search("ہیکرز", Map.of("types", List.of("STATEMENT")));
        assertTrue(russian.size() < all.size());

        String burt = (String) node(search("Tom Burt", Map.of("types", List.of("SPEAKER"))).get(0)).get("id");
        List<Map<String, Object>> said = search("ہیکرز", Map.of("speaker", burt, "types", List.of("STATEMENT", "SPEAKER")));
        assertEquals(List.of("STATEMENT"), types(said), "Tom Burt's own name does not hold the word");
        assertEquals(4, said.size(), "Tom Burt's statements about hackers");
    }

    @Test
    void resultsLeadToTheirRelationsInFewStatements() {
        statementsForNestedSearch(1, List.of("ARTICLE")); // loads reference data (countries) once per run
        long five = statementsForNestedSearch(5, List.of("ARTICLE"));
        long fifty = statementsForNestedSearch(50, List.of("ARTICLE"));
        assertEquals(five, fifty, "SQL statements for 5 and for 50 articles found");

        // hits, then per kind one load and one query per nested field, whatever the page size
        long mixed = statementsForNestedSearch(100, List.of("ARTICLE", "STATEMENT", "SPEAKER"));
        assertTrue(mixed <= 12, "a handful of SQL statements, not one per result: " + mixed);
    }

    // ---- query filters of the lists, type-ahead, cross-script ----------------------------------

    @Test
    void articlesStatementsAndSpeakersTakeAQuery() {
        List<Map<String, Object>> articles = client.execute("search/articles-query",
                Map.of("filter", Map.of("query", "ڈونلڈ ٹرمپ", "language", "ur"))).data("articles.edges");
        assertEquals(List.of(SeedArticle.SLUG), articles.stream().map(e -> node(e).get("slug")).toList());
        assertEquals(List.of(), client.execute("search/articles-query",
                Map.of("filter", Map.of("query", "ڈونلڈ ٹرمپ", "language", "en"))).data("articles.edges"));

        List<Map<String, Object>> statements = client.execute("search/statements-query",
                Map.of("filter", Map.of("query", "چین کے ہیکرز"), "first", 100)).data("statements.edges");
        assertTrue(((String) node(statements.get(0)).get("text")).contains("چین کے ہیکرز"), "most relevant first");

        List<Map<String, Object>> paged = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>(Map.of("filter", Map.of("query", "چین کے ہیکرز"), "first", 2));
            if (after != null) {
                variables.put("after", after);
            }
            GraphQLResponse response = client.execute("search/statements-query", variables);
            paged.addAll(response.data("statements.edges"));
            after = Boolean.TRUE.equals(response.data("statements.pageInfo.hasNextPage"))
                    ? response.data("statements.pageInfo.endCursor") : null;
        } while (after != null);
        assertEquals(statements.stream().map(e -> node(e).get("text")).toList(),
                paged.stream().map(e -> node(e).get("text")).toList());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"krebs", "KREB", "کریب", "كريب", "کرسٹوفر کری"})
    void speakersByAPrefixOfTheirNameInEitherScript(String prefix) {
        List<Map<String, Object>> speakers = client.execute("search/speakers-query",
                Map.of("filter", Map.of("namePrefix", prefix))).data("speakers.nodes");

        assertEquals(List.of("Christopher Krebs"), speakers.stream().map(s -> s.get("latinName")).toList());
    }

    @Test
    void countriesByAPrefixOfTheirNameInEitherScript() {
        assertTrue(countryCodes("Russ").contains("RU"));
        assertTrue(countryCodes("رو").contains("RU"));
        assertTrue(countryCodes("روس").contains("RU"));
        assertEquals(List.of("IR"), countryCodes("ایرا"));
        assertEquals(List.of("IR"), countryCodes("ايرا")); // Arabic YEH
        assertTrue(countryCodes("États").contains("US"));
        assertTrue(countryCodes("etats").contains("US"));
        assertTrue(countryCodes("Deutsch").contains("DE"));
        assertEquals(List.of(), countryCodes("%"));
        assertEquals("BAD_USER_INPUT", client.execute("search/countries-prefix", Map.of("prefix", " ")).errorCode());
    }

    @Test
    void aSpeakerFoundByLatinNameLeadsToTheirUrduStatements() {
        List<Map<String, Object>> speakers = client.execute("search/speakers-query",
                Map.of("filter", Map.of("query", "krebs"))).data("speakers.nodes");

        assertEquals(1, speakers.size());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>) speakers.get(0)
                .get("statements")).get("nodes");
        assertEquals(2, statements.size());
        statements.forEach(statement -> assertEquals("ur", ((Map<?, ?>) statement.get("article")).get("language")));
        assertTrue(statements.stream().anyMatch(s -> ((String) s.get("text")).startsWith(MICROSOFT)));
    }

    // ---- bad input -----------------------------------------------------------------------------

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "   ", "\t\n", "\u064E\u0640", "\u0000ٹرمپ"})
    void unusableQueriesAreClientErrors(String query) {
        GraphQLResponse response = client.execute("search/search", Map.of("query", query));

        assertEquals("BAD_USER_INPUT", response.errorCode());
    }

    @Test
    void overlongQueriesAreClientErrors() {
        assertEquals("BAD_USER_INPUT", client.execute("search/search", Map.of("query", "ا".repeat(501))).errorCode());
        assertEquals("BAD_USER_INPUT", client.execute("search/articles-query",
                Map.of("filter", Map.of("query", "x".repeat(501)))).errorCode());
        assertEquals("BAD_USER_INPUT", client.execute("search/statements-query",
                Map.of("filter", Map.of("query", " "))).errorCode());
        assertTrue(client.execute("search/search", Map.of("query", "ا".repeat(500))).errors().isEmpty());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"&", "| ! :", "*", "( )", "'", "\"", "\\", "':*", "!ٹرمپ & (برٹ | x)",
            "'; drop table article; --", "1 or 1=1", "a:* & b", "<->", "%_%", "$1", "?", ":query"})
    void querySyntaxIsMatchedLiterally(String query) {
        GraphQLResponse response = client.execute("search/search", Map.of("query", query));

        assertTrue(response.errors().isEmpty(), () -> "no error for " + query + ": " + response.json().prettify());
        assertNotNull(response.data("search.edges"));
        assertTrue(client.execute("search/articles-query", Map.of("filter", Map.of("query", query))).errors().isEmpty());
        assertTrue(client.execute("search/speakers-query", Map.of("filter", Map.of("namePrefix", query))).errors()
                .isEmpty());
    }

    @Test
    void syntaxCharactersAroundWordsAreIgnored() {
        List<Map<String, Object>> edges = search("!ٹام & (برٹ)", Map.of("types", List.of("SPEAKER")));

        assertEquals(List.of("Tom Burt"), edges.stream().map(e -> node(e).get("latinName")).toList());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private List<Map<String, Object>> search(String query, Map<String, Object> filter) {
        return client.execute("search/search", Map.of("query", query, "first", 100, "filter", filter))
                .data("search.edges");
    }

    private long statementsForNestedSearch(int first, List<String> types) {
        return HibernateStatements.preparedFor(sessionFactory, () -> {
            List<Object> edges = client.execute("search/search-nested",
                    Map.of("query", "paragraph", "first", first, "filter", Map.of("types", types))).data("search.edges");
            assertEquals(first, edges.size());
        });
    }

    private List<String> countryCodes(String prefix) {
        GraphQLResponse response = client.execute("search/countries-prefix", Map.of("prefix", prefix, "first", 100));
        List<Map<String, Object>> nodes = response.data("countries.nodes");
        return nodes.stream().map(n -> (String) n.get("code")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> node(Map<String, Object> edge) {
        return (Map<String, Object>) edge.get("node");
    }

    private static double score(Map<String, Object> edge) {
        return ((Number) edge.get("score")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> highlights(Map<String, Object> edge) {
        return (List<Map<String, Object>>) edge.get("highlights");
    }

    private static List<String> types(List<Map<String, Object>> edges) {
        return edges.stream().map(e -> (String) e.get("type")).distinct().toList();
    }

    private static List<String> ids(List<Map<String, Object>> edges) {
        return edges.stream().map(e -> (String) node(e).get("id")).toList();
    }
}
