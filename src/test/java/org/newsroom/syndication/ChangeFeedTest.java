package org.newsroom.syndication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.syndication.Syndication.Entry;
import org.newsroom.syndication.Syndication.Read;
import org.newsroom.syndication.Syndication.TestPartner;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.TestData;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The change feed: what each partner gets, in commit order, with tombstones and revocations, and
 * that a poller with saved cursors sees every committed change exactly once while writers commit
 * and roll back concurrently.
 */
@QuarkusTest
class ChangeFeedTest {

    @Inject
    DirectFeedWriter directWriter;

    @Inject
    FeedRetention retention;

    private final String prefix = TestData.prefix();
    private final GraphQLClient editor = GraphQLClient.editor();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
        Syndication.removePartners(prefix);
    }

    @Test
    void anArticlesLifeReachesThePartnerInOrderWithTombstones() {
        TestPartner partner = Syndication.createPartner(prefix + "Life", List.of("en"), List.of("PK"));
        String start = Syndication.readAll(partner.client(), null, 100).cursor();
        Map<String, Object> article = Syndication.published(prefix + "Life", "en", List.of("PK"));
        String id = (String) article.get("id");
        Map<String, Object> updated = editor.execute("article/update-article", Map.of("input", Map.of("id", id,
                "version", article.get("version"), "headline", prefix + "Life, updated")))
                .data("updateArticle.article");

        Read read = Syndication.readAll(partner.client(), start, 100);
        List<Entry> mine = Syndication.about(read.entries(), id);
        assertEquals(List.of("PUBLISHED", "UPDATED"), Syndication.kinds(mine));
        assertEquals(prefix + "Life, updated", mine.get(1).article().get("headline"), "the article as it is now");
        assertEquals(((Number) updated.get("version")).longValue(), mine.get(1).version());
        assertNull(mine.get(1).reason());

        Map<String, Object> speaker = editor.execute("speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", prefix + "Speaker", "nameLanguage", "en", "latinName", prefix + "Speaker")))
                .data("createSpeaker.speaker");
        editor.execute("statement/add-statement", Map.of("input", Map.of("article", id, "paragraph", 1, "start", 0,
                "end", 5, "text", "First", "kind", "CLAIM", "speaker", speaker.get("id")))).data("addStatement");
        Map<String, Object> corrected = editor.execute("article/correct-article", Map.of("input", Map.of("id", id,
                "version", updated.get("version"), "headline", prefix + "Life, corrected",
                "note", "The headline misspelt a name."))).data("correctArticle.article");
        editor.execute("article/withdraw-article", Map.of("input", Map.of("id", id, "version", corrected.get("version"),
                "reason", "The source retracted the report."))).data("withdrawArticle.article");

        read = Syndication.readAll(partner.client(), read.cursor(), 2);
        mine = Syndication.about(read.entries(), id);
        assertEquals(List.of("UPDATED", "CORRECTED", "WITHDRAWN"), Syndication.kinds(mine), "a statement change is an update");
        Entry tombstone = mine.get(2);
        assertEquals("The source retracted the report.", tombstone.reason());
        assertNull(tombstone.article(), "a tombstone carries the ID and reason only");
        assertEquals(((Number) updated.get("version")).longValue(), mine.get(0).version(),
                "a statement change leaves the article's version as it is");
        assertTrue(mine.get(0).version() < mine.get(1).version() && mine.get(1).version() < tombstone.version());
    }

    @Test
    void unpublishingIsATombstoneAndRepublishingPublishesAgain() {
        TestPartner partner = Syndication.createPartner(prefix + "Unpublish", List.of("de"), List.of());
        String start = Syndication.readAll(partner.client(), null, 100).cursor();
        Map<String, Object> article = Syndication.published(prefix + "Zurück", "de", List.of());
        Map<String, Object> unpublished = editor.execute("article/unpublish-article", Map.of("input",
                Map.of("id", article.get("id"), "version", article.get("version")))).data("unpublishArticle.article");
        editor.execute("article/update-article", Map.of("input", Map.of("id", article.get("id"),
                "version", unpublished.get("version"), "headline", prefix + "Zurück, als Entwurf"))).data("updateArticle");
        Syndication.publish(Map.of("id", article.get("id"), "version", ((Number) unpublished.get("version")).longValue() + 1));

        List<Entry> mine = Syndication.about(Syndication.readAll(partner.client(), start, 100).entries(),
                (String) article.get("id"));
        assertEquals(List.of("PUBLISHED", "UNPUBLISHED", "PUBLISHED"), Syndication.kinds(mine),
                "a draft's edits are nobody's business");
        assertNotNull(mine.get(1).reason());
        assertNull(mine.get(1).article());
    }

    @Test
    void partnersSeeOnlyWhatTheirEntitlementsAndTheArticlesRightsAllow() {
        TestPartner englishPakistan = Syndication.createPartner(prefix + "EN-PK", List.of("en"), List.of("PK"));
        TestPartner urdu = Syndication.createPartner(prefix + "UR", List.of("ur"), List.of());
        String startA = Syndication.readAll(englishPakistan.client(), null, 100).cursor();
        String startB = Syndication.readAll(urdu.client(), null, 100).cursor();

        String englishAboutPakistan = (String) Syndication.published(prefix + "A", "en", List.of("PK", "IN")).get("id");
        String urduAboutPakistan = (String) Syndication.published(prefix + "B", "ur", List.of("PK")).get("id");
        String englishAboutGermany = (String) Syndication.published(prefix + "C", "en", List.of("DE")).get("id");
        Map<String, Object> noRights = Syndication.draft(prefix + "D", "en", List.of("PK"));
        Syndication.sql("update article set syndication_allowed = false where id = ?", Syndication.key(noRights));
        String notForSyndication = (String) Syndication.publish(noRights).get("id");

        Set<String> seenByA = new HashSet<>(Syndication.readAll(englishPakistan.client(), startA, 100).entries()
                .stream().map(Entry::articleId).toList());
        Set<String> seenByB = new HashSet<>(Syndication.readAll(urdu.client(), startB, 100).entries()
                .stream().map(Entry::articleId).toList());
        assertTrue(seenByA.contains(englishAboutPakistan));
        assertFalse(seenByA.contains(urduAboutPakistan));
        assertFalse(seenByA.contains(englishAboutGermany));
        assertFalse(seenByA.contains(notForSyndication));
        assertTrue(seenByB.contains(urduAboutPakistan));
        assertFalse(seenByB.contains(englishAboutPakistan));
        assertFalse(seenByB.contains(notForSyndication));

        // what each may pull now is what it may read as ninjs
        List<String> all = List.of(englishAboutPakistan, urduAboutPakistan, englishAboutGermany, notForSyndication);
        assertEquals(Set.of(englishAboutPakistan), pullable(englishPakistan, all));
        assertEquals(Set.of(urduAboutPakistan), pullable(urdu, all));
    }

    private static Set<String> pullable(TestPartner partner, List<String> articleIds) {
        Set<String> pullable = new HashSet<>();
        for (String id : articleIds) {
            if (partner.client().execute("ninjs/node-ninjs", Map.of("id", id)).data("node.ninjs") != null) {
                pullable.add(id);
            }
        }
        return pullable;
    }

    @Test
    void articlesLeavingAPartnersViewAreRevokedAndComeBackAsPublished() {
        TestPartner partner = Syndication.createPartner(prefix + "Revoke", List.of("en"), List.of("PK"));
        String start = Syndication.readAll(partner.client(), null, 100).cursor();
        Map<String, Object> article = Syndication.published(prefix + "Moving", "en", List.of("PK"));
        String id = (String) article.get("id");

        // the partner's entitlements change
        GraphQLClient admin = GraphQLClient.admin();
        admin.execute("syndication/update-partner-entitlements", Map.of("input", Map.of("partner", partner.id(),
                "version", partner.version(), "languages", List.of("en"), "countries", List.of("IN"))))
                .data("updatePartnerEntitlements");
        // the article's countries change
        Map<String, Object> inIndia = editor.execute("article/update-article", Map.of("input", Map.of("id", id,
                "version", article.get("version"), "countries", List.of("IN")))).data("updateArticle.article");
        editor.execute("article/update-article", Map.of("input", Map.of("id", id,
                "version", inIndia.get("version"), "countries", List.of("DE")))).data("updateArticle.article");

        List<Entry> mine = Syndication.about(Syndication.readAll(partner.client(), start, 100).entries(), id);
        assertEquals(List.of("PUBLISHED", "REVOKED", "PUBLISHED", "REVOKED"), Syndication.kinds(mine));
        assertNotNull(mine.get(1).reason());
        assertNull(mine.get(3).article());
    }

    @Test
    void malformedAndForeignCursorsAreBadInput() {
        TestPartner partner = Syndication.createPartner(prefix + "Cursors", List.of(), List.of());
        for (String cursor : List.of("not a cursor", "", "Zm9v")) {
            assertEquals("BAD_USER_INPUT", partner.client().execute("syndication/feed",
                    Map.of("after", cursor)).errorCode(), cursor);
        }
        String articlesCursor = GraphQLClient.anonymous().execute("article/articles-page", Map.of("first", 1))
                .data("articles.pageInfo.endCursor");
        assertEquals("BAD_USER_INPUT", partner.client().execute("syndication/feed",
                Map.of("after", articlesCursor)).errorCode());
        assertEquals("BAD_USER_INPUT", partner.client().execute("syndication/feed", Map.of("first", 101)).errorCode());
    }

    @Test
    void aCursorOlderThanTheRetentionWindowIsToldToResync() {
        TestPartner partner = Syndication.createPartner(prefix + "Expiry", List.of("fr"), List.of());
        String start = Syndication.readAll(partner.client(), null, 100).cursor();
        Syndication.published(prefix + "Un", "fr", List.of());
        Read early = Syndication.readAll(partner.client(), start, 100);
        Syndication.published(prefix + "Deux", "fr", List.of());
        Syndication.published(prefix + "Trois", "fr", List.of());

        // the entries up to the second article grow old and the cleanup removes them
        Syndication.sql("update syndication_feed_entry set occurred_at = now() - interval '40 days'"
                + " where partner_id = ? and id < (select max(id) from syndication_feed_entry where partner_id = ?)",
                partner.databaseId(), partner.databaseId());
        assertTrue(retention.removeOlderThan(Instant.now().minus(30, ChronoUnit.DAYS)) >= 2);

        GraphQLResponse expired = partner.client().execute("syndication/feed", Map.of("after", early.cursor()));
        assertEquals("FEED_CURSOR_EXPIRED", expired.errorCode());
        assertTrue(expired.errorMessage().contains("after: null"), expired.errorMessage());
        List<Entry> fromStart = Syndication.readAll(partner.client(), null, 100).entries();
        assertEquals(List.of(prefix + "Trois"), fromStart.stream().map(entry -> entry.article().get("headline")).toList(),
                "what is left is still readable from the start");
    }

    /**
     * The case that breaks feeds ordered by sequence or insertion: a transaction records its entry
     * and stays open while a later one records its own. The later one must not become visible
     * first, or a poller that saw it and saved its cursor would never see the earlier one. Here it
     * waits for the earlier commit (observed in pg_stat_activity), so a poll in between sees neither.
     */
    @Test
    void aLaterWriterIsNotSeenBeforeAnEarlierOneStillOpen() throws Exception {
        TestPartner partner = Syndication.createPartner(prefix + "Interleaved", List.of("is"), List.of());
        Map<String, Object> first = Syndication.published(prefix + "Fyrst", "is", List.of());
        Map<String, Object> second = Syndication.published(prefix + "Annað", "is", List.of());
        String cursor = Syndication.readAll(partner.client(), null, 100).cursor();

        java.util.concurrent.CountDownLatch recorded = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> earlier = pool.submit(() -> directWriter.updateAndHold(Syndication.key(first), recorded, release));
            assertTrue(recorded.await(1, TimeUnit.MINUTES));
            Future<GraphQLResponse> later = pool.submit(() -> editor.execute("article/update-article", Map.of("input",
                    Map.of("id", second.get("id"), "version", second.get("version"), "headline", prefix + "Seinna"))));
            Instant deadline = Instant.now().plusSeconds(60);
            while (!later.isDone() && !someoneWaitsForALock() && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            Read meanwhile = Syndication.readAll(partner.client(), cursor, 100);
            assertEquals(List.of(), meanwhile.entries(), "neither is visible while the earlier one is open");

            release.countDown();
            long earlierVersion = earlier.get(1, TimeUnit.MINUTES);
            assertTrue(later.get(1, TimeUnit.MINUTES).errors().isEmpty());
            List<Entry> after = Syndication.readAll(partner.client(), meanwhile.cursor() == null ? cursor
                    : meanwhile.cursor(), 100).entries();
            assertEquals(List.of(first.get("id") + "@" + earlierVersion, second.get("id") + "@"
                    + (((Number) second.get("version")).longValue() + 1)),
                    after.stream().map(entry -> entry.articleId() + "@" + entry.version()).toList(),
                    "both, in commit order");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static boolean someoneWaitsForALock() {
        javax.sql.DataSource dataSource = io.quarkus.arc.Arc.container().instance(javax.sql.DataSource.class).get();
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("select count(*) from pg_stat_activity"
                        + " where wait_event_type = 'Lock' and datname = current_database()")) {
            rows.next();
            return rows.getInt(1) > 0;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writers commit and roll back concurrently (editors over HTTP, and transactions inside the
     * service that take their transaction ID long before they commit) while one poller pages
     * through the feed with saved cursors. Every committed change is seen exactly once, each
     * article's changes in the order they were made, none that was rolled back, and reading the
     * feed again from the start gives the same sequence.
     */
    @Test
    void aPollerSeesEveryCommittedChangeOnceInCommitOrderWhileWritersRace() throws Exception {
        TestPartner partner = Syndication.createPartner(prefix + "Race", List.of("eo"), List.of());
        String start = Syndication.readAll(partner.client(), null, 100).cursor();
        int httpWriters = 4;
        int changesEach = 8;
        int directWriters = 3;
        int transactionsEach = 10;

        List<String> articles = new ArrayList<>();
        Set<String> expected = Collections.synchronizedSet(new HashSet<>());
        Set<String> rolledBack = Collections.synchronizedSet(new HashSet<>());
        for (int i = 0; i < httpWriters; i++) {
            Map<String, Object> published = Syndication.published(prefix + "Race " + i, "eo", List.of());
            articles.add((String) published.get("id"));
            expected.add(published.get("id") + "/PUBLISHED/" + published.get("version"));
        }

        ExecutorService pool = Executors.newFixedThreadPool(httpWriters + directWriters + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Entry> polled = Collections.synchronizedList(new ArrayList<>());
        try {
            Future<String> poller = pool.submit(() -> {
                String cursor = start;
                boolean lastRound = false;
                while (true) {
                    boolean finalRound = !writing.get();
                    Read read = Syndication.readAll(partner.client(), cursor, 3);
                    polled.addAll(read.entries());
                    cursor = read.cursor();
                    if (lastRound) {
                        return cursor;
                    }
                    lastRound = finalRound;
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < httpWriters; w++) {
                String id = articles.get(w);
                writers.add(pool.submit(() -> {
                    GraphQLClient client = GraphQLClient.editor();
                    for (int i = 0; i < changesEach; i++) {
                        boolean correction = i % 3 == 2;
                        long version = currentVersion(id);
                        while (true) {
                            GraphQLResponse response = correction
                                    ? client.execute("article/correct-article", Map.of("input", Map.of("id", id,
                                            "version", version, "headline", prefix + "Race " + i, "note", "n" + i)))
                                    : client.execute("article/update-article", Map.of("input", Map.of("id", id,
                                            "version", version, "headline", prefix + "Race " + id + " " + i)));
                            if (response.errors().isEmpty()) {
                                String path = correction ? "correctArticle.article.version" : "updateArticle.article.version";
                                expected.add(id + (correction ? "/CORRECTED/" : "/UPDATED/")
                                        + ((Number) response.data(path)).longValue());
                                break;
                            }
                            assertEquals("CONFLICT", response.errorCode());
                            version = ((Number) response.errorExtensions().get("currentVersion")).longValue();
                        }
                    }
                    return null;
                }));
            }
            for (int w = 0; w < directWriters; w++) {
                writers.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < transactionsEach; i++) {
                        String id = articles.get(random.nextInt(articles.size()));
                        long key = org.newsroom.graphql.GlobalId.numericKey(id, "Article");
                        boolean rollBack = random.nextInt(3) == 0;
                        try {
                            long version = directWriter.update(key, random.nextLong(60), 20 + random.nextLong(100),
                                    rollBack);
                            expected.add(id + "/UPDATED/" + version);
                        } catch (DirectFeedWriter.RolledBack e) {
                            rolledBack.add(id);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            String end = poller.get(5, TimeUnit.MINUTES);
            assertNotNull(end);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }

        List<String> seen = polled.stream().map(entry -> entry.articleId() + "/" + entry.kind() + "/" + entry.version())
                .toList();
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no entry twice");
        assertEquals(expected, new HashSet<>(seen), "every committed change, and nothing rolled back");
        assertFalse(rolledBack.isEmpty(), "some transactions rolled back");
        Map<String, Long> lastVersion = new HashMap<>();
        for (Entry entry : polled) {
            Long before = lastVersion.put(entry.articleId(), entry.version());
            assertTrue(before == null || before < entry.version(), "each article's changes in commit order: " + seen);
        }
        List<String> again = Syndication.readAll(partner.client(), start, 100).entries().stream()
                .map(Entry::cursor).toList();
        assertEquals(polled.stream().map(Entry::cursor).toList(), again, "the same order when read again");
    }

    private long currentVersion(String id) {
        return ((Number) GraphQLClient.editor().execute("article/article-node", Map.of("id", id))
                .data("node.version")).longValue();
    }
}
