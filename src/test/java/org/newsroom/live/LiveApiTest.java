package org.newsroom.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.graphql.GlobalId;
import org.newsroom.compiled.CompiledReads;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLWebSocket;
import org.newsroom.testing.RawHttp;
import org.newsroom.testing.TestData;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Subscriptions over real WebSockets, both protocols. Events travel through PostgreSQL NOTIFY, so
 * a write on another replica reaches these subscribers: the test plays that replica with its own
 * JDBC connection (UPDATE and pg_notify in one transaction, the payload format the service uses).
 */
@QuarkusTest
class LiveApiTest {

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    Vertx vertx;

    @Inject
    DataSource dataSource;

    @Inject
    LiveEvents events;

    @Inject
    CompiledReads reads;

    private final String prefix = TestData.prefix();
    private final GraphQLClient editor = GraphQLClient.editor();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
    }

    @Test
    void twoSubscribersReceiveAPublicationFromAnotherReplicaAndFromAMutation() throws Exception {
        assertTrue(events.awaitListening(10_000), "the listener is in place");
        String query = document("live/article-published");
        Map<String, Object> onlyDutch = Map.of("filter", Map.of("language", "nl"));
        try (GraphQLWebSocket current = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS);
                GraphQLWebSocket legacy = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.LEGACY_WS)) {
            current.subscribe("1", query, onlyDutch);
            legacy.subscribe("1", query, onlyDutch);
            Thread.sleep(1500); // the subscribe messages carry no acknowledgement

            String rolledBack = draft("Nooit aangekondigd");
            String otherReplica = draft("Van een andere replica");
            String viaMutation = draft("Via een mutatie");
            String otherLanguage = draft("Autre langue", "fr");

            // another replica's transaction that rolls back announces nothing ...
            publishElsewhere(rolledBack, false);
            // ... one that commits reaches every subscriber here
            publishElsewhere(otherReplica, true);
            for (GraphQLWebSocket subscriber : List.of(current, legacy)) {
                JsonObject result = subscriber.nextResult(15, TimeUnit.SECONDS);
                assertNotNull(result, "a publication from another replica");
                assertEquals(otherReplica, result.getJsonObject("data").getJsonObject("articlePublished").getString("id"));
                assertEquals("PUBLISHED", result.getJsonObject("data").getJsonObject("articlePublished")
                        .getString("status"));
            }

            publish(otherLanguage);
            publish(viaMutation);
            for (GraphQLWebSocket subscriber : List.of(current, legacy)) {
                JsonObject result = subscriber.nextResult(15, TimeUnit.SECONDS);
                assertNotNull(result, "a publication through the API");
                assertEquals(prefix + "Via een mutatie",
                        result.getJsonObject("data").getJsonObject("articlePublished").getString("headline"));
                assertNull(subscriber.nextResult(500, TimeUnit.MILLISECONDS), "nothing else: filter and rollback");
            }
        }
    }

    @Test
    void articleUpdatedFollowsOneArticleAndStatementAddedFiltersByCountry() throws Exception {
        assertTrue(events.awaitListening(10_000));
        String followed = draft("Gevolgd");
        publish(followed);
        String speaker = editor.execute("speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", prefix + "Woordvoerder", "nameLanguage", "nl", "latinName", prefix + "Woordvoerder")))
                .data("createSpeaker.speaker.id");
        try (GraphQLWebSocket updates = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS);
                GraphQLWebSocket statements = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS)) {
            updates.subscribe("u", document("live/article-updated"), Map.of("id", followed));
            statements.subscribe("s", document("live/statement-added"), Map.of("filter", Map.of("country", "NLD")));
            Thread.sleep(1500);

            editor.execute("article/correct-article", Map.of("input", Map.of("id", followed, "version", 1,
                    "headline", prefix + "Gevolgd, gecorrigeerd", "note", "Kop verbeterd."))).data("correctArticle");
            JsonObject updated = updates.nextResult(15, TimeUnit.SECONDS);
            assertNotNull(updated);
            assertEquals(prefix + "Gevolgd, gecorrigeerd",
                    updated.getJsonObject("data").getJsonObject("articleUpdated").getString("headline"));

            for (String country : List.of("BE", "NL")) {
                int start = country.equals("BE") ? 0 : 6;
                String text = country.equals("BE") ? "Tekst" : "van";
                editor.execute("statement/add-statement", Map.of("input", Map.of("article", followed, "paragraph", 1,
                        "start", start, "end", start + text.length(), "text", text, "kind", "CLAIM", "speaker", speaker,
                        "countries", List.of(country), "reportedVia", country))).data("addStatement");
            }
            JsonObject added = statements.nextResult(15, TimeUnit.SECONDS);
            assertNotNull(added);
            assertEquals("NL", added.getJsonObject("data").getJsonObject("statementAdded").getString("reportedVia"));
            assertNull(statements.nextResult(500, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void fieldsResolvedInBatchesResolveInsideEvents() throws Exception {
        assertTrue(events.awaitListening(10_000));
        String followed = editor.execute("article/create-article", Map.of("input", Map.of("language", "nl",
                "headline", prefix + "Met citaten", "body", "Tekst van het artikel.", "countries", List.of("NL", "BE"))))
                .data("createArticle.article.id");
        publish(followed);
        String speaker = editor.execute("speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", prefix + "Minister", "nameLanguage", "nl", "latinName", prefix + "Minister")))
                .data("createSpeaker.speaker.id");
        List<String> statementIds = new ArrayList<>();
        for (List<Object> quote : List.of(List.<Object>of(0, 5, "Tekst"), List.<Object>of(6, 9, "van"))) {
            statementIds.add(editor.execute("statement/add-statement", Map.of("input", Map.of("article", followed,
                    "paragraph", 1, "start", quote.get(0), "end", quote.get(1), "text", quote.get(2), "kind", "CLAIM",
                    "speaker", speaker, "countries", List.of("NL")))).data("addStatement.statement.id"));
        }
        try (GraphQLWebSocket updates = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS)) {
            updates.subscribe("nested", document("live/article-updated-nested"), Map.of("id", followed));
            Thread.sleep(1500);

            long before = reads.statementsRun();
            editor.execute("article/correct-article", Map.of("input", Map.of("id", followed, "version", 1,
                    "headline", prefix + "Met citaten, gecorrigeerd", "note", "Kop verbeterd."))).data("correctArticle");
            JsonObject event = updates.nextResult(15, TimeUnit.SECONDS);
            assertEquals(2, reads.statementsRun() - before, "one statement for the payload, one for the event");
            assertNotNull(event);
            assertNull(event.getJsonArray("errors"), () -> "no errors: " + event.encode());
            JsonObject article = event.getJsonObject("data").getJsonObject("articleUpdated");
            assertEquals(List.of("BE", "NL"), article.getJsonArray("countries").stream()
                    .map(country -> ((JsonObject) country).getString("code")).sorted().toList());
            JsonObject statements = article.getJsonObject("statements");
            assertEquals(2, statements.getInteger("totalCount"));
            assertEquals(speaker, statements.getJsonArray("edges").getJsonObject(0).getJsonObject("node")
                    .getJsonObject("speaker").getString("id"));
            // The same list under another alias, with its own page.
            assertEquals(statementIds.get(1), article.getJsonObject("latest").getJsonArray("nodes").getJsonObject(0)
                    .getString("id"), event.encode());
        }
    }

    /**
     * The listener loads what a notification names a moment after the write committed; by then the
     * article may be withdrawn (statement added, then withdrawal; under load, seconds apart). What
     * was public when written still reaches the subscribers; an article unpublished since does not.
     * Here another replica's transaction withdraws the article and sends the earlier writes'
     * notifications in one commit, so the listener always loads them after the withdrawal.
     */
    @Test
    void eventsOfAnArticleWithdrawnBeforeTheyAreLoadedStillArrive() throws Exception {
        assertTrue(events.awaitListening(10_000));
        String withdrawn = draft("Teruggetrokken");
        publish(withdrawn);
        String unpublished = draft("Ingetrokken");
        String speaker = editor.execute("speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", prefix + "Bron", "nameLanguage", "nl", "latinName", prefix + "Bron")))
                .data("createSpeaker.speaker.id");
        String statement = editor.execute("statement/add-statement", Map.of("input", Map.of("article", withdrawn,
                "paragraph", 1, "start", 0, "end", 5, "text", "Tekst", "kind", "CLAIM", "speaker", speaker,
                "countries", List.of("NL")))).data("addStatement.statement.id");
        try (GraphQLWebSocket published = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS);
                GraphQLWebSocket statements = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS)) {
            published.subscribe("p", document("live/article-published"), Map.of());
            statements.subscribe("s", document("live/statement-added"), Map.of());
            Thread.sleep(1500);
            double interpretedBefore = RawHttp.metric("newsroom_read_engine_interpreted_total", "reason=\"payload\"");

            // a publication announced, then the article unpublished before the listener loads it
            notifyElsewhere("update article set status = 'DRAFT' where id = ?", unpublished,
                    Map.of("ARTICLE_PUBLISHED", unpublished));
            notifyElsewhere("update article set status = 'WITHDRAWN', withdrawal_reason = 'Test.', "
                    + "version = version + 1 where id = ?", withdrawn,
                    Map.of("STATEMENT_ADDED", statement, "ARTICLE_PUBLISHED", withdrawn));

            JsonObject publication = published.nextResult(15, TimeUnit.SECONDS);
            assertNotNull(publication);
            JsonObject article = publication.getJsonObject("data").getJsonObject("articlePublished");
            assertEquals(withdrawn, article.getString("id"), "not the unpublished article: " + publication.encode());
            assertEquals("WITHDRAWN", article.getString("status"), "the article as it is when delivered");
            JsonObject added = statements.nextResult(15, TimeUnit.SECONDS);
            assertNotNull(added, "the statement added while the article was public");
            assertEquals(statement, added.getJsonObject("data").getJsonObject("statementAdded").getString("id"));
            assertEquals("Tekst", added.getJsonObject("data").getJsonObject("statementAdded").getString("text"));
            assertNull(published.nextResult(500, TimeUnit.MILLISECONDS));
            assertEquals(interpretedBefore, RawHttp.metric("newsroom_read_engine_interpreted_total", "reason=\"payload\""),
                    "the events' objects read by the engine, the withdrawn article's statement too");
        }
    }

    /** Another replica's transaction: the update, then the notifications (type to ID), in one commit. */
    private void notifyElsewhere(String update, String articleId, Map<String, String> notifications)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement change = connection.prepareStatement(update);
                    PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                change.setLong(1, GlobalId.numericKey(articleId, "Article"));
                change.executeUpdate();
                for (Map.Entry<String, String> notification : notifications.entrySet()) {
                    notify.setString(1, events.channel());
                    notify.setString(2, new JsonObject().put("type", notification.getKey())
                            .put("id", Long.parseLong(GlobalId.parse(notification.getValue()).key())).encode());
                    notify.execute();
                }
            }
            connection.commit();
        }
    }

    private String draft(String headline) {
        return draft(headline, "nl");
    }

    private String draft(String headline, String language) {
        return editor.execute("article/create-article", Map.of("input", Map.of("language", language,
                "headline", prefix + headline, "body", "Tekst van het artikel."))).data("createArticle.article.id");
    }

    private void publish(String id) {
        editor.execute("article/publish-article", Map.of("input", Map.of("id", id, "version", 0))).data("publishArticle");
    }

    /** What another replica's publishArticle does, on a connection of its own. */
    private void publishElsewhere(String id, boolean commit) throws SQLException {
        long key = GlobalId.numericKey(id, "Article");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("update article set status = 'PUBLISHED', "
                    + "first_published_at = now(), last_updated_at = now(), version = version + 1 where id = ?");
                    PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                update.setLong(1, key);
                update.executeUpdate();
                notify.setString(1, events.channel());
                notify.setString(2, new JsonObject().put("type", "ARTICLE_PUBLISHED").put("id", key).encode());
                notify.execute();
            }
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        }
    }

    private static String document(String name) throws IOException {
        try (InputStream in = LiveApiTest.class.getClassLoader().getResourceAsStream("graphql/" + name + ".graphql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
