package org.newsroom.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.live.LiveEvents;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.GraphQLWebSocket;
import org.newsroom.testing.TestData;
import org.newsroom.visibility.PublicArticles;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Embargoes: a published article under embargo is invisible to readers on every path (lists,
 * slug, node, search, statements, counts) and not announced, then appears when the time comes,
 * with no write in between. Editors see it all along.
 */
@QuarkusTest
class EmbargoTest {

    private static final String COUNTRY = "TV";

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    Vertx vertx;

    @Inject
    DataSource dataSource;

    @Inject
    LiveEvents events;

    private final String prefix = TestData.prefix();
    private final GraphQLClient editor = GraphQLClient.editor();
    private final GraphQLClient reader = GraphQLClient.anonymous();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
    }

    @Test
    void anEmbargoedArticleIsHiddenEverywhereUntilItsTimeAndThenAppearsWithoutAWrite() throws InterruptedException {
        String word = uniqueWord();
        String speaker = editor.execute("speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", prefix + "Embargo Minister", "nameLanguage", "en",
                "latinName", prefix + "Embargo Minister"))).data("createSpeaker.speaker.id");
        String paragraph = "The minister said " + word + " today.";
        Map<String, Object> created = editor.execute("rights/create-article", Map.of("input", Map.of(
                "language", "en", "headline", prefix + "Embargoed " + word, "body", paragraph + "\nMore text.",
                "countries", List.of(COUNTRY),
                "embargoUntil", Instant.now().plus(1, ChronoUnit.HOURS).toString()))).data("createArticle.article");
        String id = (String) created.get("id");
        String statement = editor.execute("statement/add-statement", Map.of("input", Map.of("article", id,
                "paragraph", 1, "start", paragraph.indexOf(word), "end", paragraph.indexOf(word) + word.length(),
                "text", word, "kind", "CLAIM", "speaker", speaker, "countries", List.of(COUNTRY))))
                .data("addStatement.statement.id");
        Map<String, Object> published = editor.execute("embargo/publish-article", Map.of("input",
                Map.of("id", id, "version", version(id)))).data("publishArticle.article");
        assertEquals("PUBLISHED", published.get("status"));
        assertEquals(published.get("embargoUntil"), published.get("firstPublishedAt"),
                "readers first see it when the embargo lifts");
        Map<String, Object> variables = Map.of("id", id, "ids", List.of(id), "slug", created.get("slug"), "language", "en",
                "query", word, "speakerPrefix", prefix + "Embargo", "country", COUNTRY);

        Everywhere hidden = everywhere(reader, variables);
        assertEquals(List.of(), hidden.found(id, statement), "readers find it nowhere while the embargo holds");
        assertEquals(List.of(0, 0, 0, 0), hidden.counts());

        GraphQLResponse forEditors = editor.execute("embargo/everywhere", variables);
        assertEquals(id, forEditors.data("article.id"));
        assertEquals(id, forEditors.data("node.id"));
        assertTrue(forEditors.<List<String>>data("articles.edges.node.id").contains(id), "editors list it");

        // The embargo is moved to a moment from now; from then on nothing is written.
        editor.execute("rights/update-article", Map.of("input", Map.of("id", id, "version", version(id),
                "embargoUntil", Instant.now().plusSeconds(2).toString()))).data("updateArticle");
        Everywhere visible = awaitPublic(variables);

        assertEquals(List.of("article", "node", "nodes", "articles", "searchedArticles", "statements",
                "search:article", "search:statement", "speaker.statements", "country.articles", "country.statements"),
                visible.found(id, statement));
        assertEquals(List.of(1, 1, 2, 1), visible.counts(), "totalCounts count it");
    }

    @Test
    void publishingUnderEmbargoAnnouncesNothingToSubscribers() throws Exception {
        assertTrue(events.awaitListening(10_000), "the listener is in place");
        try (GraphQLWebSocket subscriber = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS)) {
            subscriber.subscribe("1", document("live/article-published"), Map.of("filter", Map.of("language", "mt")));
            Thread.sleep(1500); // the subscribe message carries no acknowledgement

            String embargoed = editor.execute("rights/create-article", Map.of("input", Map.of("language", "mt",
                    "headline", prefix + "Taħt embargo", "body", "Test.",
                    "embargoUntil", Instant.now().plus(1, ChronoUnit.HOURS).toString()))).data("createArticle.article.id");
            String open = editor.execute("rights/create-article", Map.of("input", Map.of("language", "mt",
                    "headline", prefix + "Miftuħ", "body", "Test."))).data("createArticle.article.id");
            editor.execute("embargo/publish-article", Map.of("input", Map.of("id", embargoed, "version", 0)))
                    .data("publishArticle");
            editor.execute("embargo/publish-article", Map.of("input", Map.of("id", open, "version", 0)))
                    .data("publishArticle");

            // Notifications arrive in commit order: the first one is the article published second.
            JsonObject first = subscriber.nextResult(15, TimeUnit.SECONDS);
            assertNotNull(first, "the open article is announced");
            assertEquals(open, first.getJsonObject("data").getJsonObject("articlePublished").getString("id"));
        }
    }

    @Test
    void theFrontPageStillReadsThePartialIndexOfPublishedArticles() throws SQLException {
        String plan = explain("select a.id from article a where " + PublicArticles.PUBLIC
                + " order by a.first_published_at desc, a.id desc limit 11");

        assertTrue(plan.contains("article_published_idx"), plan);
    }

    /** Which paths show the article or its statement, and the totalCounts of the connections that could. */
    private record Everywhere(GraphQLResponse response) {

        List<String> found(String article, String statement) {
            List<String> found = new ArrayList<>();
            if (response.data("article") != null) {
                found.add("article");
            }
            if (response.data("node") != null) {
                found.add("node");
            }
            if (response.<List<Object>>data("nodes").get(0) != null) {
                found.add("nodes");
            }
            add(found, "articles", "articles.edges.node.id", article);
            add(found, "searchedArticles", "searchedArticles.edges.node.id", article);
            add(found, "statements", "statements.edges.node.id", statement);
            add(found, "search:article", "search.edges.node.id", article);
            add(found, "search:statement", "search.edges.node.id", statement);
            add(found, "speaker.statements", "speakers.edges[0].node.statements.edges.node.id", statement);
            add(found, "country.articles", "country.articles.edges.node.id", article);
            add(found, "country.statements", "country.statements.edges.node.id", statement);
            return found;
        }

        /** totalCount of searchedArticles, statements, search and the speaker's statements. */
        List<Integer> counts() {
            return List.of(response.<Integer>data("searchedArticles.totalCount"),
                    response.<Integer>data("statements.totalCount"), response.<Integer>data("search.totalCount"),
                    response.<Integer>data("speakers.edges[0].node.statements.totalCount"));
        }

        private void add(List<String> found, String name, String path, String id) {
            List<Object> ids = response.data(path);
            if (ids != null && ids.contains(id)) {
                found.add(name);
            }
        }
    }

    private Everywhere everywhere(GraphQLClient client, Map<String, Object> variables) {
        return new Everywhere(client.execute("embargo/everywhere", variables));
    }

    /** Polls as a reader until the article shows, for at most 30 seconds. */
    private Everywhere awaitPublic(Map<String, Object> variables) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Everywhere now = everywhere(reader, variables);
            if (now.response().data("article") != null || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(200);
        }
    }

    private int version(String id) {
        return ((Number) editor.execute("rights/article-history", Map.of("id", id)).data("node.version")).intValue();
    }

    private String explain(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // Only whether the index can serve the query: the test corpus is too small for costs to tell.
                statement.execute("set local enable_seqscan = off");
                StringBuilder plan = new StringBuilder();
                try (ResultSet rows = statement.executeQuery("explain " + sql)) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            } finally {
                connection.rollback();
            }
        }
    }

    /** A word no other row holds, of letters only, so that search finds exactly this test's rows. */
    private static String uniqueWord() {
        StringBuilder word = new StringBuilder("zq");
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return word.toString();
    }

    private static String document(String name) throws IOException {
        try (InputStream in = EmbargoTest.class.getClassLoader().getResourceAsStream("graphql/" + name + ".graphql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
