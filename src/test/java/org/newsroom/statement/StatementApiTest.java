package org.newsroom.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.Pages;
import org.newsroom.testing.SeedArticle;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class StatementApiTest {

    /** Every attributed statement of the seed article, in article order. */
    private record Expected(int paragraph, String speaker, String kind, List<String> countries) {
    }

    private static final List<Expected> SEED = List.of(
            new Expected(1, "Microsoft", "WARNING", List.of("CN", "IR", "RU", "US")),
            new Expected(2, "Microsoft", "WARNING", List.of("US")),
            new Expected(3, "Microsoft", "CLAIM", List.of("US")),
            new Expected(4, "Tom Burt", "CLAIM", List.of("RU", "US")),
            new Expected(5, "Tom Burt", "CLAIM", List.of("RU", "US")),
            new Expected(6, "Tom Burt", "WARNING", List.of("CN", "US")),
            new Expected(7, "Tom Burt", "WARNING", List.of("IR", "US")),
            new Expected(9, "Tom Burt", "CLAIM", List.of("CN", "IR", "US")),
            new Expected(10, "Tom Burt", "WARNING", List.of("US")),
            new Expected(11, "Christopher Krebs", "CLAIM", List.of("CN", "IR", "RU", "US")),
            new Expected(12, "Christopher Krebs", "ASSESSMENT", List.of("US")),
            new Expected(13, "Donald Trump presidential campaign", "CONFIRMATION", List.of("US")),
            new Expected(13, "Joe Biden presidential campaign", "CONFIRMATION", List.of("US")),
            new Expected(14, "Nikolai Lakhonin", "DENIAL", List.of("RU", "US")),
            new Expected(15, "Alireza Miryousefi", "DENIAL", List.of("IR", "US")),
            new Expected(16, "Embassy of China in Washington, D.C.", "NO_ANSWER", List.of("CN", "US")),
            new Expected(16, "Government of China (Beijing)", "DENIAL", List.of("CN")));

    private final GraphQLClient client = GraphQLClient.anonymous();

    @Test
    void everySeedStatementHasItsSpeakerKindAndCountries() {
        GraphQLResponse response = client.execute("statement/seed-statements", Map.of("slug", SeedArticle.SLUG));
        List<Map<String, Object>> statements = response.data("article.statements.edges.node");

        assertEquals(SEED.size(), (int) response.data("article.statements.totalCount"));
        for (int i = 0; i < SEED.size(); i++) {
            Expected expected = SEED.get(i);
            String at = "article.statements.edges[" + i + "].node.";
            assertEquals(expected.paragraph(), (int) response.data(at + "paragraph"), "statement " + i);
            assertEquals(expected.speaker(), response.data(at + "speaker.latinName"), "statement " + i);
            assertEquals(expected.kind(), response.data(at + "kind"), "statement " + i);
            assertEquals(expected.countries(), response.data(at + "countries.code"), "statement " + i);
            assertEquals(SeedArticle.SLUG, response.data(at + "article.slug"));
        }
        assertEquals(SEED.size(), statements.size());
    }

    @Test
    void positionsPointAtTheStatementTextInItsParagraph() {
        GraphQLResponse response = client.execute("statement/seed-statements", Map.of("slug", SeedArticle.SLUG));
        List<String> paragraphs = response.data("article.paragraphs.text");
        List<Map<String, Object>> statements = response.data("article.statements.edges.node");

        for (Map<String, Object> statement : statements) {
            String paragraph = paragraphs.get((int) statement.get("paragraph") - 1);
            String quoted = paragraph.substring((int) statement.get("start"), (int) statement.get("end"));
            assertEquals(statement.get("text"), quoted);
        }
    }

    @Test
    void paragraphEightIsTheReportersOwnAndSixteenHoldsTwoStatements() {
        List<Integer> paragraphs = client.execute("statement/seed-statements", Map.of("slug", SeedArticle.SLUG))
                .data("article.statements.edges.node.paragraph");

        assertFalse(paragraphs.contains(8));
        assertEquals(2, paragraphs.stream().filter(p -> p == 16).count());
    }

    @Test
    void speakersAreWrittenInUrduAsInTheArticle() {
        List<String> names = client.execute("statement/seed-statements", Map.of("slug", SeedArticle.SLUG))
                .data("article.statements.edges.node.speaker.originalName");

        assertTrue(names.contains("ٹام برٹ"));
        assertTrue(names.contains("کرسٹوفر کریبز"));
        assertTrue(names.contains("علی رضا میر یوسفی"));
    }

    @Test
    void reportedViaReutersWhereTheTextSaysSo() {
        List<String> via = client.execute("statement/seed-statements", Map.of("slug", SeedArticle.SLUG))
                .data("article.statements.edges.node.reportedVia");

        assertEquals("Reuters", via.get(1));
        assertEquals("Reuters", via.get(9));
    }

    @Test
    void articleStatementsPageInArticleOrderBothWays() {
        Map<String, Object> seed = Map.of("slug", SeedArticle.SLUG);
        List<String> forward = Pages.forward("statement/article-statements-page", "article.statements", seed, 4);
        List<String> backward = Pages.backward("statement/article-statements-page", "article.statements", seed, 4);

        assertEquals(SEED.size(), forward.size());
        assertEquals(forward, backward);
    }

    @Test
    void rootStatementsPageBothWaysAndHideDrafts() {
        List<String> forward = Pages.forward("statement/statements-page", "statements", Map.of(), 25);
        List<String> backward = Pages.backward("statement/statements-page", "statements", Map.of(), 25);

        // two statements in each of the 60 published test articles, and the seed's
        assertEquals(2 * 60 + SEED.size(), forward.size());
        assertEquals(forward.size(), new HashSet<>(forward).size());
        assertEquals(forward, backward);
    }

    @Test
    void filtersByKindSpeakerCountryAndArticle() {
        // Microsoft's warning (paragraph 1) and Tom Burt's about Iranian hackers (paragraph 7)
        assertEquals(2, (int) client.execute("statement/statements-page",
                Map.of("filter", Map.of("kind", List.of("WARNING"), "country", "IR")))
                .data("statements.totalCount"));

        GraphQLResponse denials = client.execute("statement/statements-page",
                Map.of("filter", Map.of("kind", List.of("DENIAL", "NO_ANSWER"), "country", "CN")));
        assertEquals(List.of("Embassy of China in Washington, D.C.", "Government of China (Beijing)"),
                denials.<List<String>>data("statements.edges.node.speaker.latinName").stream().sorted().toList());

        String burt = client.execute("speaker/speakers-page", Map.of("filter", Map.of("namePrefix", "Burt")))
                .data("speakers.edges[0].node.id");
        assertEquals(6, (int) client.execute("statement/statements-page", Map.of("filter", Map.of("speaker", burt)))
                .data("statements.totalCount"));

        String articleId = client.execute("article/article-by-slug", Map.of("slug", "test-article-7"))
                .data("article.id");
        GraphQLResponse ofArticle = client.execute("statement/statements-page",
                Map.of("filter", Map.of("article", articleId)));
        assertEquals(List.of("test-article-7", "test-article-7"), ofArticle.data("statements.edges.node.article.slug"));
    }

    @Test
    void speakerStatementsAreNestedConnections() {
        Map<String, Object> burt = Map.of("namePrefix", "Tom");
        List<String> forward = Pages.forward("statement/speaker-statements", "speakers.edges[0].node.statements", burt, 3);
        List<String> backward = Pages.backward("statement/speaker-statements", "speakers.edges[0].node.statements", burt, 3);

        assertEquals(6, forward.size());
        assertEquals(forward, backward);
    }

    @Test
    void countryStatementsConcernTheCountry() {
        GraphQLResponse response = client.execute("statement/country-statements", Map.of("code", "IR", "first", 50));
        List<List<String>> countries = response.data("country.statements.edges.node.countries.code");

        // paragraphs 1, 7, 9, 11 and 15
        assertEquals(5, (int) response.data("country.statements.totalCount"));
        assertTrue(countries.stream().allMatch(codes -> codes.contains("IR")));
    }
}
