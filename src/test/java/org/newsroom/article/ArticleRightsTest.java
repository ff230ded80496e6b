package org.newsroom.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.TestData;

import io.quarkus.test.junit.QuarkusTest;

/** Syndication rights and embargo times through the article mutations: defaults, changes, validation, history. */
@QuarkusTest
class ArticleRightsTest {

    private final String prefix = TestData.prefix();
    private final GraphQLClient editor = GraphQLClient.editor();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
    }

    @Test
    void anArticleWithoutRightsIsSyndicatedUnderTheNewsroomsCopyright() {
        Map<String, Object> article = create(Map.of()).data("createArticle.article");

        assertEquals(Map.of("syndicationAllowed", true, "copyrightHolder", "Newsroom"), withoutNulls(article.get("rights")));
        assertNull(article.get("embargoUntil"));
    }

    @Test
    void rightsAndEmbargoAreSetAtCreationAndChangedWithHistory() {
        Instant embargo = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> created = create(Map.of("rights", Map.of("syndicationAllowed", false,
                "usageTerms", "  No archiving; online use only.  ", "copyrightHolder", "Agence Exemple"),
                "embargoUntil", embargo.toString())).data("createArticle.article");
        String id = (String) created.get("id");
        assertEquals(Map.of("syndicationAllowed", false, "usageTerms", "No archiving; online use only.",
                "copyrightHolder", "Agence Exemple"), created.get("rights"));
        assertEquals(embargo, Instant.parse((String) created.get("embargoUntil")));

        Map<String, Object> updated = editor.execute("rights/update-article", Map.of("input", Map.of("id", id,
                "version", 0, "rights", Map.of("syndicationAllowed", true, "usageTerms", "", "copyrightHolder", ""),
                "liftEmbargo", true))).data("updateArticle.article");

        assertEquals(Map.of("syndicationAllowed", true, "copyrightHolder", "Newsroom"), withoutNulls(updated.get("rights")),
                "an empty string removes the terms and the own holder: the newsroom's applies again");
        assertNull(updated.get("embargoUntil"));
        Map<String, Object> node = editor.execute("rights/article-history", Map.of("id", id)).data("node");
        List<Map<String, Object>> revisions = path(node, "revisions", "edges");
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) revisions.get(revisions.size() - 1).get("node");
        assertEquals("UPDATED", last.get("kind"));
        assertEquals(List.of("syndicationAllowed", "usageTerms", "copyrightHolder", "embargoUntil"),
                last.get("changedFields"));
        String previous = (String) last.get("previous");
        assertTrue(previous.contains("\"usage_terms\": \"No archiving; online use only.\""), previous);
        assertTrue(previous.contains("\"syndication_allowed\": false"), previous);
    }

    @Test
    void leftOutRightsStayAsTheyAre() {
        String id = create(Map.of("rights", Map.of("usageTerms", "Credit required"))).data("createArticle.article.id");

        Map<String, Object> updated = editor.execute("rights/update-article", Map.of("input", Map.of("id", id,
                "version", 0, "rights", Map.of("syndicationAllowed", false)))).data("updateArticle.article");

        assertEquals(Map.of("syndicationAllowed", false, "usageTerms", "Credit required", "copyrightHolder", "Newsroom"),
                updated.get("rights"));
        assertEquals(1, ((Number) updated.get("version")).intValue());
    }

    @Test
    void badRightsAreReportedAllAtOnceAndWriteNothing() {
        GraphQLResponse response = create(Map.of("rights", Map.of("usageTerms", "   ", "copyrightHolder", "x".repeat(201)),
                "embargoUntil", "2020-01-01T00:00:00Z"));

        assertEquals("BAD_USER_INPUT", response.errorCode());
        assertEquals(List.of("input.embargoUntil", "input.rights.copyrightHolder", "input.rights.usageTerms"),
                paths(response));

        String id = create(Map.of()).data("createArticle.article.id");
        GraphQLResponse both = editor.execute("rights/update-article", Map.of("input", Map.of("id", id, "version", 0,
                "embargoUntil", Instant.now().plus(1, ChronoUnit.HOURS).toString(), "liftEmbargo", true,
                "rights", Map.of("usageTerms", "\t\n"))));
        assertEquals(List.of("input.rights.usageTerms", "input.liftEmbargo"), paths(both));
        assertEquals(0, ((Number) editor.execute("rights/article-history", Map.of("id", id)).data("node.version"))
                .intValue(), "nothing was written");
    }

    @Test
    void anArticleReadersAlreadySeeCannotBeEmbargoedAgain() {
        String id = create(Map.of()).data("createArticle.article.id");
        editor.execute("article/publish-article", Map.of("input", Map.of("id", id, "version", 0))).data("publishArticle");

        GraphQLResponse response = editor.execute("rights/update-article", Map.of("input", Map.of("id", id, "version", 1,
                "embargoUntil", Instant.now().plus(1, ChronoUnit.HOURS).toString())));

        assertEquals("BAD_USER_INPUT", response.errorCode());
        assertEquals(List.of("input.embargoUntil"), paths(response));
    }

    private GraphQLResponse create(Map<String, Object> extra) {
        Map<String, Object> input = new java.util.HashMap<>(Map.of("language", "fr", "headline", prefix + "Droits",
                "body", "Premier paragraphe."));
        input.putAll(extra);
        return editor.execute("rights/create-article", Map.of("input", input));
    }

    @SuppressWarnings("unchecked")
    private static List<String> paths(GraphQLResponse response) {
        List<Map<String, Object>> violations = (List<Map<String, Object>>) response.errorExtensions().get("violations");
        return violations.stream().map(v -> (String) v.get("path")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Object map) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) map);
        copy.values().removeIf(java.util.Objects::isNull);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> path(Map<String, Object> node, String connection, String list) {
        return (List<Map<String, Object>>) ((Map<String, Object>) node.get(connection)).get(list);
    }
}
