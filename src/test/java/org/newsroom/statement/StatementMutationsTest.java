package org.newsroom.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.Pages;
import org.newsroom.testing.TestData;

import io.quarkus.test.junit.QuarkusTest;

/** Statements are added where they sit in the text, changed at the version seen, and removed with history. */
@QuarkusTest
class StatementMutationsTest {

    /** "ہم جیتیں گے" at [10, 21) of the first paragraph; 😀 counts two UTF-16 code units. */
    private static final String BODY = "وزیر نے کہا ہم جیتیں گے۔\n😀 Second paragraph, said the minister.";

    private static final String SPEAKER_STATEMENTS = "speakers.edges[0].node.statements";

    private final String prefix = TestData.prefix();
    private final GraphQLClient editor = GraphQLClient.editor();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
    }

    @Test
    void aStatementIsAddedAtItsPlaceInTheText() {
        String article = article();
        String speaker = speaker("Minister");
        String paragraph = BODY.split("\n")[0];
        int start = paragraph.indexOf("ہم");
        int end = paragraph.indexOf("۔");

        Map<String, Object> added = editor.execute("statement/add-statement", Map.of("input", Map.of(
                "clientMutationId", "s1", "article", article, "paragraph", 1, "start", start, "end", end,
                "text", paragraph.substring(start, end), "kind", "PROMISE", "speaker", speaker,
                "reportedVia", "Reuters", "countries", List.of("PAK", "IN")))).data("addStatement");

        assertEquals("s1", added.get("clientMutationId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> statement = (Map<String, Object>) added.get("statement");
        assertEquals("ہم جیتیں گے", statement.get("text"));
        assertEquals(speaker, ((Map<?, ?>) statement.get("speaker")).get("id"));
        assertEquals(List.of(Map.of("code", "IN"), Map.of("code", "PK")), statement.get("countries"));
        assertEquals(0, ((Number) statement.get("version")).intValue());

        // offsets count UTF-16 code units, as JavaScript does: the emoji is two
        Map<String, Object> second = editor.execute("statement/add-statement", Map.of("input", Map.of(
                "article", article, "paragraph", 2, "start", 3, "end", 20, "text", "Second paragraph,",
                "kind", "CLAIM", "speaker", speaker))).data("addStatement.statement");
        assertEquals(3, second.get("start"));
        // the draft's statements are for editors only
        assertNull(GraphQLClient.anonymous().execute("statement/statement-node", Map.of("id", statement.get("id")))
                .data("node"));
    }

    @Test
    void positionsThatDoNotMatchTheTextAreRefusedAllAtOnce() {
        String article = article();
        GraphQLResponse response = editor.execute("statement/add-statement", Map.of("input", Map.of(
                "article", article, "paragraph", 1, "start", 0, "end", 3, "text", "not what is there",
                "kind", "CLAIM", "speaker", "U3BlYWtlcjo5OTk5OTk5", "countries", List.of("ZZ"))));

        assertEquals("BAD_USER_INPUT", response.errorCode());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) response.errorExtensions().get("violations");
        assertEquals(List.of("input.speaker", "input.countries[0]", "input.text"),
                violations.stream().map(v -> v.get("path")).toList());

        GraphQLResponse beyond = editor.execute("statement/add-statement", Map.of("input", Map.of(
                "article", article, "paragraph", 3, "start", -1, "end", 3, "text", "",
                "kind", "CLAIM", "speaker", speaker("Nobody"))));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fieldErrors = (List<Map<String, Object>>) beyond.errorExtensions().get("violations");
        assertEquals(List.of("input.start", "input.text"), fieldErrors.stream().map(v -> v.get("path")).toList());
    }

    @Test
    void updatesNameTheVersionTheySawAndKeepTheHistory() {
        String article = article();
        String speaker = speaker("Spokesperson");
        String other = speaker("Deputy");
        Map<String, Object> statement = editor.execute("statement/add-statement", Map.of("input", Map.of(
                "article", article, "paragraph", 2, "start", 3, "end", 20, "text", "Second paragraph,",
                "kind", "CLAIM", "speaker", speaker))).data("addStatement.statement");
        String id = (String) statement.get("id");

        Map<String, Object> updated = editor.execute("statement/update-statement", Map.of("input", Map.of(
                "id", id, "version", 0, "kind", "DENIAL", "speaker", other, "start", 10, "text", "paragraph,")))
                .data("updateStatement.statement");
        assertEquals("DENIAL", updated.get("kind"));
        assertEquals(1, ((Number) updated.get("version")).intValue());
        assertEquals(10, updated.get("start"));

        GraphQLResponse stale = editor.execute("statement/update-statement", Map.of("input", Map.of(
                "id", id, "version", 0, "kind", "CLAIM")));
        assertEquals("CONFLICT", stale.errorCode());
        assertEquals(1, ((Number) stale.errorExtensions().get("currentVersion")).intValue());

        assertEquals("CONFLICT", editor.execute("statement/remove-statement",
                Map.of("input", Map.of("id", id, "version", 0))).errorCode());
        assertEquals(id, editor.execute("statement/remove-statement", Map.of("input", Map.of("id", id, "version", 1,
                "clientMutationId", "rm"))).data("removeStatement.removedStatementId"));
        assertNull(editor.execute("statement/statement-node", Map.of("id", id)).data("node"));

        String slug = editor.execute("article/article-node", Map.of("id", article)).data("node.slug");
        GraphQLResponse history = editor.execute("article/article-history", Map.of("slug", slug));
        assertEquals(List.of("CREATED", "STATEMENT_ADDED", "STATEMENT_UPDATED", "STATEMENT_REMOVED"),
                history.data("article.revisions.edges.node.kind"));
        assertEquals(List.of("position", "text", "kind", "speaker"),
                history.data("article.revisions.edges[2].node.changedFields"));
        String previous = history.data("article.revisions.edges[2].node.previous");
        assertTrue(previous.contains("\"kind\": \"CLAIM\""), previous);
        assertEquals(id, history.data("article.revisions.edges[3].node.statementId"));
    }

    @Test
    void aSpeakersStatementsFollowThePublicationOfTheirArticles() {
        String speaker = speaker("Spokesperson");
        String publishedLast = article();
        String quotedFirst = quote(publishedLast, speaker);
        String publishedFirst = article();
        String quotedSecond = quote(publishedFirst, speaker);
        Map<String, Object> ofSpeaker = Map.of("namePrefix", prefix + "Spokesperson");
        assertEquals(List.of(), Pages.forward("statement/speaker-statements", SPEAKER_STATEMENTS, ofSpeaker, 1));

        publish(publishedFirst);
        publish(publishedLast);

        // newest article first, although its statement was quoted first: the order is the articles'
        List<String> newestFirst = List.of(quotedFirst, quotedSecond);
        assertEquals(newestFirst, Pages.forward("statement/speaker-statements", SPEAKER_STATEMENTS, ofSpeaker, 1));
        assertEquals(newestFirst, Pages.backward("statement/speaker-statements", SPEAKER_STATEMENTS, ofSpeaker, 1));
        assertEquals(newestFirst, GraphQLClient.anonymous().execute("speaker/speaker-node", Map.of("id", speaker))
                .data("node.statements.edges.node.id"));
        assertEquals(newestFirst, GraphQLClient.anonymous().execute("statement/statements-page",
                Map.of("filter", Map.of("speaker", speaker))).data("statements.edges.node.id"));
    }

    private String article() {
        return editor.execute("article/create-article", Map.of("input", Map.of("language", "ur",
                "headline", prefix + "بیان", "body", BODY))).data("createArticle.article.id");
    }

    private String quote(String article, String speaker) {
        String paragraph = BODY.split("\n")[0];
        return editor.execute("statement/add-statement", Map.of("input", Map.of("article", article, "paragraph", 1,
                "start", 0, "end", 4, "text", paragraph.substring(0, 4), "kind", "CLAIM", "speaker", speaker)))
                .data("addStatement.statement.id");
    }

    private void publish(String article) {
        int version = editor.execute("article/article-node", Map.of("id", article)).data("node.version");
        editor.execute("article/publish-article", Map.of("input", Map.of("id", article, "version", version)))
                .data("publishArticle.article.firstPublishedAt");
    }

    private String speaker(String name) {
        return editor.execute("speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", prefix + name, "nameLanguage", "en", "latinName", prefix + name)))
                .data("createSpeaker.speaker.id");
    }
}
