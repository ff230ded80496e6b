package org.newsroom.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.TestData;

import io.quarkus.test.junit.QuarkusTest;

/** The editorial workflow of articles: drafts, publication, conflicts, withdrawal, corrections, slugs. */
@QuarkusTest
class ArticleMutationsTest {

    private final String prefix = TestData.prefix();
    private final GraphQLClient editor = GraphQLClient.editor();
    private final GraphQLClient reader = GraphQLClient.anonymous();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
    }

    @Test
    void aDraftIsForEditorsUntilPublished() {
        Map<String, Object> created = create("Draft that becomes news", "First paragraph.\nSecond paragraph.");
        String id = (String) created.get("id");
        assertEquals("DRAFT", created.get("status"));
        assertEquals(0, ((Number) created.get("version")).intValue());
        assertEquals("fr", created.get("language"));
        assertEquals("LTR", created.get("direction"));

        assertNull(reader.execute("article/article-node", Map.of("id", id)).data("node"));
        assertNull(reader.execute("article/article-by-slug-editor", Map.of("slug", created.get("slug"))).data("article"));
        assertEquals("DRAFT", editor.execute("article/article-node", Map.of("id", id)).data("node.status"));

        GraphQLResponse published = editor.execute("article/publish-article",
                Map.of("input", Map.of("id", id, "version", 0, "clientMutationId", "pub-1")));
        assertEquals("pub-1", published.data("publishArticle.clientMutationId"));
        assertEquals("PUBLISHED", published.data("publishArticle.article.status"));
        assertNotNull(published.data("publishArticle.article.firstPublishedAt"));

        assertEquals(id, reader.execute("article/article-by-slug-editor", Map.of("slug", created.get("slug")))
                .data("article.id"));
    }

    @Test
    void editorsListDraftsAndReadersMayNot() {
        String id = (String) create("Listed draft", "Body.").get("id");

        GraphQLResponse drafts = editor.execute("article/articles-in-status", Map.of("status", "DRAFT", "language", "fr"));
        List<String> ids = drafts.data("articles.edges.node.id");
        assertTrue(ids.contains(id), "the editor's list of drafts holds the new draft");
        assertTrue(drafts.<List<String>>data("articles.edges.node.status").stream().allMatch("DRAFT"::equals));
        String cursor = drafts.data("articles.pageInfo.endCursor");
        assertEquals(List.of(), editor.execute("article/articles-in-status",
                Map.of("status", "DRAFT", "language", "fr", "after", cursor)).data("articles.edges"));

        assertEquals("FORBIDDEN", reader.execute("article/articles-in-status",
                Map.of("status", "DRAFT", "language", "fr")).errorCode());
    }

    @Test
    void aStaleVersionIsAConflictThatWritesNothing() {
        Map<String, Object> created = create("Conflict", "Body.");
        String id = (String) created.get("id");
        editor.execute("article/update-article", Map.of("input", Map.of("id", id, "version", 0,
                "headline", prefix + "Conflict, first edit"))).data("updateArticle");

        GraphQLResponse stale = editor.execute("article/update-article", Map.of("input", Map.of("id", id,
                "version", 0, "headline", prefix + "Conflict, lost edit")));

        assertEquals("CONFLICT", stale.errorCode());
        assertEquals(1, ((Number) stale.errorExtensions().get("currentVersion")).intValue());
        Map<String, Object> node = editor.execute("article/article-node", Map.of("id", id)).data("node");
        assertEquals(prefix + "Conflict, first edit", node.get("headline"));
        assertEquals(1, ((Number) node.get("version")).intValue());
    }

    @Test
    void ofTwoConcurrentWritersOfOneVersionOneWinsAndTheOtherGetsAConflict() throws Exception {
        String id = (String) create("Race", "Body.").get("id");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<GraphQLResponse>> results = new ArrayList<>();
            for (String writer : List.of("A", "B")) {
                Callable<GraphQLResponse> update = () -> {
                    start.await();
                    return GraphQLClient.editor().execute("article/update-article", Map.of("input",
                            Map.of("id", id, "version", 0, "headline", prefix + "Race won by " + writer)));
                };
                results.add(pool.submit(update));
            }
            start.countDown();
            GraphQLResponse first = results.get(0).get();
            GraphQLResponse second = results.get(1).get();
            List<GraphQLResponse> winners = new ArrayList<>();
            List<GraphQLResponse> losers = new ArrayList<>();
            for (GraphQLResponse response : List.of(first, second)) {
                (response.errors().isEmpty() ? winners : losers).add(response);
            }
            assertEquals(1, winners.size(), "exactly one writer wins");
            assertEquals("CONFLICT", losers.get(0).errorCode());
            String winningHeadline = winners.get(0).data("updateArticle.article.headline");
            Map<String, Object> node = editor.execute("article/article-node", Map.of("id", id)).data("node");
            assertEquals(winningHeadline, node.get("headline"), "no lost update");
            assertEquals(1, ((Number) node.get("version")).intValue());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void allValidationErrorsComeBackAtOnce() {
        GraphQLResponse response = editor.execute("article/create-article", Map.of("input", Map.of(
                "language", "", "headline", " ", "body", "", "countries", List.of("XX", "FR"))));

        assertEquals("BAD_USER_INPUT", response.errorCode());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) response.errorExtensions().get("violations");
        List<Object> paths = violations.stream().map(v -> v.get("path")).toList();
        assertTrue(paths.containsAll(List.of("input.language", "input.headline", "input.body")), paths.toString());
        violations.forEach(v -> assertNotNull(v.get("message")));
    }

    @Test
    void theLongestHeadlineIsStoredWholeAndOneCharacterMoreIsRefused() {
        // Characters of three UTF-8 bytes, no two alike in a row: the most bytes a headline can take,
        // not compressible, with the longest slug (article_card_idx holds both).
        StringBuilder longest = new StringBuilder(prefix);
        for (int i = 0; longest.length() < 500; i++) {
            longest.append((char) (0x4E00 + (i * 7919) % 20_000));
        }
        Map<String, Object> created = editor.execute("article/create-article", Map.of("input", Map.of(
                "language", "zh", "headline", longest.toString(), "body", "正文。"))).data("createArticle.article");
        assertEquals(longest.toString(), created.get("headline"));
        editor.execute("article/publish-article", Map.of("input", Map.of("id", created.get("id"), "version", 0)))
                .data("publishArticle");
        assertEquals(longest.toString(), reader.execute("article/article-by-slug-editor",
                Map.of("slug", created.get("slug"))).data("article.headline"));

        GraphQLResponse refused = editor.execute("article/create-article", Map.of("input", Map.of(
                "language", "zh", "headline", longest + "字", "body", "正文。")));
        assertEquals("BAD_USER_INPUT", refused.errorCode());
    }

    @Test
    void latinHeadlinesGiveAsciiSlugsUniqueWithASuffix() {
        Map<String, Object> first = create("Élections à Zürich: l'œuvre", "Body.");
        Map<String, Object> second = create("Élections à Zürich: l'œuvre", "Body.");
        String base = ArticleSlugs.base(prefix) + "-elections-a-zurich-l-oeuvre";

        assertEquals(base, first.get("slug"));
        assertEquals(base + "-2", second.get("slug"));
    }

    @Test
    void urduHeadlinesGiveReadableUrduSlugs() {
        Map<String, Object> urdu = create("مائیکروسافٹ: ہیکرز کا امریکی انتخابی مہمات پر حملہ!", "متن۔", "ur");

        assertEquals(ArticleSlugs.base(prefix) + "-مائیکروسافٹ-ہیکرز-کا-امریکی-انتخابی-مہمات-پر-حملہ", urdu.get("slug"));
        assertEquals("RTL", urdu.get("direction"));
        assertEquals("مائیکروسافٹ-ہیکرز", ArticleSlugs.base("مائیکروسافٹ، ہیکرز؟"));
        assertEquals("ہیکرز", ArticleSlugs.base("ہیکَرز\u200C"), "optional vowel marks and zero-width joiners go");
    }

    @Test
    void theSlugFollowsTheHeadlineUntilPublicationAndOldSlugsKeepResolving() {
        Map<String, Object> created = create("Original headline", "Body.");
        String id = (String) created.get("id");
        String draftSlug = (String) created.get("slug");

        Map<String, Object> renamed = editor.execute("article/update-article", Map.of("input", Map.of("id", id,
                "version", 0, "headline", prefix + "Better headline"))).data("updateArticle.article");
        String publishedSlug = (String) renamed.get("slug");
        assertNotEquals(draftSlug, publishedSlug);
        editor.execute("article/publish-article", Map.of("input", Map.of("id", id, "version", 1))).data("publishArticle");

        Map<String, Object> afterPublication = editor.execute("article/update-article", Map.of("input",
                Map.of("id", id, "version", 2, "headline", prefix + "Headline after publication")))
                .data("updateArticle.article");
        assertEquals(publishedSlug, afterPublication.get("slug"), "stable once published");
        assertEquals(id, reader.execute("article/article-by-slug-editor", Map.of("slug", draftSlug)).data("article.id"));
        assertEquals(id, reader.execute("article/article-by-slug-editor", Map.of("slug", publishedSlug))
                .data("article.id"));
    }

    @Test
    void aWithdrawnArticleResolvesByIdWithItsReasonButWithoutItsText() {
        String id = published("To be withdrawn", "Text that was wrong.");

        Map<String, Object> withdrawn = editor.execute("article/withdraw-article", Map.of("input", Map.of("id", id,
                "version", 1, "reason", "The source retracted the report."))).data("withdrawArticle.article");
        assertEquals("WITHDRAWN", withdrawn.get("status"));

        Map<String, Object> seen = reader.execute("article/article-node", Map.of("id", id)).data("node");
        assertEquals("WITHDRAWN", seen.get("status"));
        assertEquals("The source retracted the report.", seen.get("withdrawalReason"));
        assertNull(seen.get("body"));
        assertEquals(List.of(), seen.get("paragraphs"));
        assertEquals("Text that was wrong.", editor.execute("article/article-node", Map.of("id", id)).data("node.body"));
    }

    @Test
    void aCorrectionIsAPublicRevisionWithItsNote() {
        String id = published("Corrected", "The minister said 40 people.");
        String slug = editor.execute("article/article-node", Map.of("id", id)).data("node.slug");

        Map<String, Object> corrected = editor.execute("article/correct-article", Map.of("input", Map.of("id", id,
                "version", 1, "body", "The minister said 14 people.",
                "note", "An earlier version misstated the number of people."))).data("correctArticle.article");
        assertEquals(2, ((Number) corrected.get("version")).intValue());

        GraphQLResponse publicHistory = reader.execute("article/article-history", Map.of("slug", slug));
        assertEquals("An earlier version misstated the number of people.",
                publicHistory.data("article.corrections[0].correctionNote"));
        assertEquals(2, ((Number) publicHistory.data("article.corrections[0].version")).intValue());
        assertEquals(List.of("PUBLISHED", "CORRECTED"), publicHistory.data("article.revisions.edges.node.kind"));
        assertEquals(List.of("body"), publicHistory.data("article.revisions.edges[1].node.changedFields"));
        assertNull(publicHistory.data("article.revisions.edges[1].node.changedBy"));
        assertNull(publicHistory.data("article.revisions.edges[1].node.previous"));

        GraphQLResponse fullHistory = editor.execute("article/article-history", Map.of("slug", slug));
        assertEquals(List.of("CREATED", "PUBLISHED", "CORRECTED"), fullHistory.data("article.revisions.edges.node.kind"));
        assertEquals("test-editor", fullHistory.data("article.revisions.edges[2].node.changedBy"));
        String previous = fullHistory.data("article.revisions.edges[2].node.previous");
        assertTrue(previous.contains("The minister said 40 people."), previous);

        GraphQLResponse page = editor.execute("article/article-history", Map.of("slug", slug, "first", 2));
        assertEquals(3, (int) page.data("article.revisions.totalCount"));
        assertEquals(true, page.data("article.revisions.pageInfo.hasNextPage"));
        GraphQLResponse next = editor.execute("article/article-history", Map.of("slug", slug, "first", 2,
                "after", page.data("article.revisions.pageInfo.endCursor")));
        assertEquals(List.of("CORRECTED"), next.data("article.revisions.edges.node.kind"));
    }

    @Test
    void aFailureInTheMiddleOfAMutationLeavesNothingHalfWritten() {
        String id = (String) create("Atomic", "He said: we will win.\nSecond.").get("id");
        Map<String, Object> speaker = GraphQLClient.editor().execute("speaker/create-speaker", Map.of("input", Map.of(
                "kind", "PERSON", "originalName", prefix + "Atomic Speaker", "nameLanguage", "fr",
                "latinName", prefix + "Atomic Speaker"))).data("createSpeaker.speaker");
        editor.execute("statement/add-statement", Map.of("input", Map.of("article", id, "paragraph", 1, "start", 9,
                "end", 21, "text", "we will win.", "kind", "PROMISE", "speaker", speaker.get("id"))))
                .data("addStatement");

        // the countries are replaced first, then the new body is found to lose the statement: all is rolled back
        GraphQLResponse failed = editor.execute("article/update-article", Map.of("input", Map.of("id", id,
                "version", 0, "headline", prefix + "Atomic, changed", "countries", List.of("FR", "DE"),
                "body", "He said nothing.\nSecond.")));

        assertEquals("BAD_USER_INPUT", failed.errorCode());
        Map<String, Object> node = editor.execute("article/update-article", Map.of("input", Map.of("id", id,
                "version", 0))).data("updateArticle.article");
        assertEquals(prefix + "Atomic", node.get("headline"));
        assertEquals(0, ((Number) node.get("version")).intValue());
        assertEquals(List.of(), node.get("countries"));
        assertEquals("He said: we will win.\nSecond.", node.get("body"));
    }

    @Test
    void publishingTwiceOrWithdrawingADraftIsRefused() {
        String id = published("Twice", "Body.");
        assertEquals("BAD_USER_INPUT", editor.execute("article/publish-article",
                Map.of("input", Map.of("id", id, "version", 1))).errorCode());
        String draft = (String) create("Draft", "Body.").get("id");
        assertEquals("BAD_USER_INPUT", editor.execute("article/withdraw-article",
                Map.of("input", Map.of("id", draft, "version", 0, "reason", "none"))).errorCode());
        Map<String, Object> back = editor.execute("article/unpublish-article",
                Map.of("input", Map.of("id", id, "version", 1))).data("unpublishArticle.article");
        assertEquals("DRAFT", back.get("status"));
        assertNull(reader.execute("article/article-node", Map.of("id", id)).data("node"));
    }

    private Map<String, Object> create(String headline, String body) {
        return create(headline, body, "fr");
    }

    private Map<String, Object> create(String headline, String body, String language) {
        return editor.execute("article/create-article", Map.of("input", Map.of("language", language,
                "headline", prefix + headline, "body", body))).data("createArticle.article");
    }

    private String published(String headline, String body) {
        String id = (String) create(headline, body).get("id");
        editor.execute("article/publish-article", Map.of("input", Map.of("id", id, "version", 0))).data("publishArticle");
        return id;
    }
}
