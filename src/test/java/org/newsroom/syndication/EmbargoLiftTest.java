package org.newsroom.syndication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.article.EmbargoLift;
import org.newsroom.live.LiveEvents;
import org.newsroom.syndication.Syndication.Entry;
import org.newsroom.syndication.Syndication.TestPartner;
import org.newsroom.testing.GraphQLWebSocket;
import org.newsroom.testing.TestData;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** An embargoed article reaches partners and subscribers by itself once its embargo passes. */
@QuarkusTest
class EmbargoLiftTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    EmbargoLift lift;

    @Inject
    LiveEvents events;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/graphql")
    URI graphql;

    private final String prefix = TestData.prefix();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
        Syndication.removePartners(prefix);
    }

    @Test
    void anArticleAppearsInTheFeedWhenItsEmbargoPasses() {
        TestPartner partner = Syndication.createPartner(prefix + "Embargo", List.of("sv"), List.of());
        String start = Syndication.readAll(partner.client(), null, 100).cursor();
        Map<String, Object> draft = Syndication.draft(prefix + "Embargo", "sv", List.of());
        Instant embargo = Instant.now().plusSeconds(2);
        Syndication.sql("update article set embargo_until = ? where id = ?",
                OffsetDateTime.ofInstant(embargo, ZoneOffset.UTC), Syndication.key(draft));
        String id = (String) Syndication.publish(draft).get("id");

        Instant readAt = Instant.now();
        List<Entry> beforeLift = Syndication.about(Syndication.readAll(partner.client(), start, 100).entries(), id);
        if (readAt.isBefore(embargo)) {
            assertEquals(List.of(), beforeLift, "nothing while the embargo holds");
        }

        List<Entry> mine = awaitEntries(partner, start, id);
        assertEquals(List.of("PUBLISHED"), Syndication.kinds(mine));
        assertEquals(prefix + "Embargo", mine.get(0).article().get("headline"));

        assertEquals(0, lift.liftDue(), "announced once, whichever replica runs the job again");
        assertEquals(List.of("PUBLISHED"),
                Syndication.kinds(Syndication.about(Syndication.readAll(partner.client(), start, 100).entries(), id)));
    }

    /**
     * The moment the embargo passes is moved by the test (as if the clock had reached it) after the
     * subscriber is in place, so the subscription cannot miss it and no timing is assumed.
     */
    @Test
    void subscribersHearOfTheArticleWhenItsEmbargoPasses() throws Exception {
        assertTrue(events.awaitListening(10_000));
        Map<String, Object> draft = Syndication.draft(prefix + "Hemligt", "sv", List.of());
        Syndication.sql("update article set embargo_until = now() + interval '1 hour' where id = ?",
                Syndication.key(draft));
        String id = (String) Syndication.publish(draft).get("id");
        try (GraphQLWebSocket subscriber = GraphQLWebSocket.connect(vertx, graphql, GraphQLWebSocket.TRANSPORT_WS)) {
            subscriber.subscribe("1", document("live/article-published"), Map.of("filter", Map.of("language", "sv")));
            Thread.sleep(1500); // the subscribe message carries no acknowledgement
            // Published under embargo, it is dated at the embargo: both move to now.
            Syndication.sql("update article set embargo_until = now(), first_published_at = now() where id = ?",
                    Syndication.key(draft));
            JsonObject result = subscriber.nextResult(30, TimeUnit.SECONDS);
            assertNotNull(result, "an articlePublished event at the lift");
            assertEquals(id, result.getJsonObject("data").getJsonObject("articlePublished").getString("id"));
        }
    }

    private static List<Entry> awaitEntries(TestPartner partner, String start, String id) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            List<Entry> mine = Syndication.about(Syndication.readAll(partner.client(), start, 100).entries(), id);
            if (!mine.isEmpty() || Instant.now().isAfter(deadline)) {
                assertTrue(!mine.isEmpty(), "the lift job records the article within " + PATIENCE);
                return mine;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String document(String name) throws Exception {
        try (var in = EmbargoLiftTest.class.getClassLoader().getResourceAsStream("graphql/" + name + ".graphql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
