package org.newsroom.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.newsroom.testing.PackagedService;
import org.newsroom.testing.StreamingReplicaPair;
import org.newsroom.testing.Tokens;

import io.vertx.core.json.JsonObject;

/**
 * The packaged service (target/quarkus-app) on a primary and a real streaming standby that this
 * test makes from it with the same PostgreSQL binaries ({@link StreamingReplicaPair}). Replica lag: replay paused, anonymous readers
 * (the compiled path, on the replica) see older data while the editor (the compiled path, on the
 * primary while they wait) and the partner's feed (on the primary) see the write, once. Replica loss: the standby stops
 * under load, every read still answers from the primary, readiness stays up, and reads return to
 * the standby once it is back. Runs in {@code verify} (failsafe), after the package exists.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaIT {

    private static final String RUN = "replica-" + System.currentTimeMillis() + "-";
    private static final Pattern REPLICA_READS = Pattern.compile(
            "(?m)^newsroom_read_engine_reads_total\\{[^}]*server=\"replica\"[^}]*\\} ([0-9.E]+)");
    private static final Pattern REPLICA_UP = Pattern.compile("(?m)^newsroom_read_replica_up(\\{[^}]*\\})? ([0-9.]+)");
    private static final Pattern WAITING_WRITERS = Pattern.compile(
            "(?m)^newsroom_read_replica_waiting_writers(\\{[^}]*\\})? ([0-9.]+)");

    private static StreamingReplicaPair databases;
    private static PackagedService service;

    @BeforeAll
    static void start() throws Exception {
        databases = StreamingReplicaPair.start("replica");
        Map<String, String> environment = new HashMap<>(databases.serviceEnvironment());
        environment.put("NEWSROOM_READ_REPLICA_RETRY_AFTER", "1s");
        // what the routing decides, in the log a failure quotes
        environment.put("QUARKUS_LOG_CATEGORY__ORG_NEWSROOM_REPLICA__LEVEL", "DEBUG");
        service = PackagedService.start("replica-service", environment, List.of("-Xmx256m"));
        service.awaitReady(Duration.ofMinutes(4));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            if (databases != null) {
                databases.close();
            }
        }
    }

    @Test
    @Order(1)
    void whileReplayIsPausedReadersSeeOlderDataAndTheEditorAndTheFeedSeeTheWrite() throws Exception {
        String partnerKey = graphql("syndication/create-partner", Map.of("input", Map.of("name", RUN + "partner")),
                "Authorization", "Bearer " + Tokens.admin()).getJsonObject("data").getJsonObject("createPartner")
                .getString("key");
        Feed feed = readFeed(partnerKey, null);
        awaitReplicaReads();
        awaitWaitingWriters(0); // the admin's write of the partner is replayed

        databases.executeOnStandby("select pg_wal_replay_pause()");
        awaitReplayPaused();
        String headline = RUN + "paused";
        JsonObject draft = graphql("replica/create-article", Map.of("input", Map.of("language", "en",
                "headline", headline, "body", "First paragraph.\nSecond paragraph.", "countries", List.of("PK"))),
                "Authorization", "Bearer " + Tokens.editor()).getJsonObject("data").getJsonObject("createArticle")
                .getJsonObject("article");
        JsonObject published = graphql("replica/publish-article", Map.of("input", Map.of("id", draft.getString("id"),
                "version", draft.getValue("version"))), "Authorization", "Bearer " + Tokens.editor())
                .getJsonObject("data").getJsonObject("publishArticle").getJsonObject("article");
        String slug = published.getString("slug");
        awaitWaitingWriters(1); // the editor's next reads wait for the replica to replay the write
        String id = published.getString("id");

        // Readers: the compiled path on the paused replica does not know the article yet.
        double replicaReadsBefore = replicaReads();
        long onPrimary = compiledStatements(databases.primaryPort());
        long onReplica = compiledStatements(databases.standbyPort());
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = post("replica/article-headline", Map.of("slug", slug));
            assertEquals("compiled", response.headers().firstValue("X-Newsroom-Execution").orElse(null));
            assertNull(new JsonObject(response.body()).getJsonObject("data").getValue("article"), response.body());
        }
        assertTrue(replicaReads() >= replicaReadsBefore + 5, "the replica answered the readers");
        assertEquals(onReplica + 5, compiledStatements(databases.standbyPort()), "one statement per read, on the replica");
        assertEquals(onPrimary, compiledStatements(databases.primaryPort()), "no statement of the readers on the primary");
        // The editor reads on the compiled path too, but on the primary until the replica has their write.
        JsonObject editorRead = graphql("replica/article-headline", Map.of("slug", slug),
                "Authorization", "Bearer " + Tokens.editor());
        assertEquals(headline, editorRead.getJsonObject("data").getJsonObject("article").getString("headline"));
        assertEquals(onPrimary + 1, compiledStatements(databases.primaryPort()), "the editor's read, on the primary");
        // The partner's feed (on the primary) has the publication, once, and nothing it had already.
        Feed during = readFeed(partnerKey, feed.cursor());
        assertEquals(List.of("PUBLISHED"), kindsAbout(during.entries(), id), "the feed while replay is paused");
        assertTrue(Collections.disjoint(feed.cursors(), during.cursors()), "the feed repeats nothing");

        databases.executeOnStandby("select pg_wal_replay_resume()");
        JsonObject seen = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen == null && System.nanoTime() < deadline) {
            seen = new JsonObject(post("replica/article-headline", Map.of("slug", slug)).body()).getJsonObject("data")
                    .getJsonObject("article");
            Thread.sleep(seen == null ? 100 : 0);
        }
        assertNotNull(seen, "readers see the article once the replica has replayed it");
        awaitWaitingWriters(0);
        assertEquals(headline, seen.getString("headline"));
        Feed after = readFeed(partnerKey, during.cursor());
        assertEquals(List.of(), kindsAbout(after.entries(), id), "the feed does not repeat the publication");
        Feed whole = readFeed(partnerKey, null);
        assertEquals(List.of("PUBLISHED"), kindsAbout(whole.entries(), id), "the whole feed has it once");
        assertEquals(whole.cursors().size(), Set.copyOf(whole.cursors()).size(), "no cursor twice in the feed");
    }

    @Test
    @Order(2)
    void whenTheReplicaStopsReadsGoToThePrimaryAndComeBackWhenItReturns() throws Exception {
        awaitReplicaReads();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newFixedThreadPool(3);
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(load.submit(() -> {
                while (running.get()) {
                    HttpResponse<String> response = post("replica/front-page", Map.of());
                    JsonObject body = response == null ? null : new JsonObject(response.body());
                    if (response == null || response.statusCode() != 200 || body.containsKey("errors")
                            || body.getJsonObject("data").getJsonObject("articles").getJsonArray("nodes").isEmpty()
                            || !"compiled".equals(response.headers().firstValue("X-Newsroom-Execution").orElse(""))) {
                        failures.add(response == null ? "no response" : response.statusCode() + " " + response.body());
                    } else {
                        answered.incrementAndGet();
                    }
                }
            }));
        }
        try {
            awaitAnswers(answered, 20);
            long warningsBefore = warnings();
            databases.stopStandby();
            awaitReplicaUp(0);
            int down = answered.get();
            awaitAnswers(answered, down + 50);
            assertEquals(200, get("/q/health/ready").statusCode(), "the replica is no readiness dependency");
            double replicaReadsWhileDown = replicaReads();
            awaitAnswers(answered, answered.get() + 20);
            assertEquals(replicaReadsWhileDown, replicaReads(), "no read goes to a replica that is down");
            Thread.sleep(2_500); // a few failed probes: still one warning
            assertEquals(warningsBefore + 1, warnings(), "one warning per outage");

            databases.startStandby();
            awaitReplicaUp(1);
            double back = replicaReads();
            awaitAnswers(answered, answered.get() + 20);
            assertTrue(replicaReads() > back, "reads go to the replica again");
        } finally {
            running.set(false);
            for (Future<?> reader : readers) {
                reader.get(60, TimeUnit.SECONDS);
            }
            load.shutdown();
        }
        System.out.printf("replica loss: %d reads answered, none failed%n", answered.get());
        assertEquals(List.of(), failures, "no read failed while the replica was away");
    }

    /** Statements of the compiled read path (they build the answer with json_build_object) this server ran. */
    private static long compiledStatements(int port) throws Exception {
        try (Connection connection = StreamingReplicaPair.connect(port); Statement statement = connection.createStatement();
                ResultSet calls = statement.executeQuery("select coalesce(sum(calls), 0) from pg_stat_statements"
                        + " where query like '%json_build_object(%'")) {
            calls.next();
            return calls.getLong(1);
        }
    }

    private record Feed(List<JsonObject> entries, String cursor) {
        List<String> cursors() {
            return entries.stream().map(entry -> entry.getString("cursor")).toList();
        }
    }

    private static Feed readFeed(String partnerKey, String after) {
        List<JsonObject> entries = new ArrayList<>();
        String cursor = after;
        while (true) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", cursor);
            variables.put("first", 100);
            JsonObject page = graphql("replica/feed", variables, "X-Api-Key", partnerKey).getJsonObject("data")
                    .getJsonObject("syndicationFeed");
            for (Object edge : page.getJsonArray("edges")) {
                JsonObject entry = (JsonObject) edge;
                entries.add(entry.getJsonObject("node").copy().put("cursor", entry.getString("cursor")));
                cursor = entry.getString("cursor");
            }
            if (!page.getJsonObject("pageInfo").getBoolean("hasNextPage")) {
                return new Feed(entries, cursor);
            }
        }
    }

    private static List<String> kindsAbout(List<JsonObject> entries, String articleId) {
        return entries.stream().filter(entry -> articleId.equals(entry.getString("articleId")))
                .map(entry -> entry.getString("kind")).toList();
    }

    /** Waits until the replica answers anonymous reads (it is up and has caught up with the schema). */
    private static void awaitReplicaReads() throws Exception {
        awaitReplicaUp(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        double before = replicaReads();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = post("replica/front-page", Map.of());
            if (response != null && response.statusCode() == 200 && replicaReads() > before) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the replica never answered a read");
    }

    private static void awaitReplicaUp(int up) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher matcher = REPLICA_UP.matcher(get("/q/metrics").body());
            if (matcher.find() && Double.parseDouble(matcher.group(2)) == up) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("newsroom_read_replica_up never became " + up);
    }

    /**
     * A pause is only requested until the standby's startup process next looks at it, which it does
     * before replaying a record: a commit on the primary makes one, until the standby says paused.
     */
    private static void awaitReplayPaused() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            databases.executeOnPrimary("select txid_current()");
            try (Connection standby = StreamingReplicaPair.connect(databases.standbyPort());
                    Statement statement = standby.createStatement();
                    ResultSet state = statement.executeQuery("select pg_get_wal_replay_pause_state()")) {
                state.next();
                if ("paused".equals(state.getString(1))) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the standby's replay did not pause");
            }
            Thread.sleep(100);
        }
    }

    private static double waitingWriters() {
        Matcher matcher = WAITING_WRITERS.matcher(get("/q/metrics").body());
        return matcher.find() ? Double.parseDouble(matcher.group(2)) : -1;
    }

    private static void awaitWaitingWriters(double count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (waitingWriters() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("writers waiting for the replica: " + waitingWriters() + ", not " + count
                        + "; " + positions() + "; the service's log of replica routing: " + routingLog());
            }
            Thread.sleep(100);
        }
    }

    /** Where the primary's WAL and the standby's replay stand: what a failure needs to be understood. */
    private static String positions() {
        try (Connection primary = StreamingReplicaPair.connect(databases.primaryPort());
                Connection standby = StreamingReplicaPair.connect(databases.standbyPort());
                Statement onPrimary = primary.createStatement(); Statement onStandby = standby.createStatement();
                ResultSet written = onPrimary.executeQuery("select pg_current_wal_lsn()::text");
                ResultSet replayed = onStandby.executeQuery("select pg_last_wal_replay_lsn()::text, "
                        + "pg_get_wal_replay_pause_state(), pg_is_in_recovery()")) {
            written.next();
            replayed.next();
            return "primary at " + written.getString(1) + ", standby replayed " + replayed.getString(1) + " ("
                    + replayed.getString(2) + ", in recovery: " + replayed.getBoolean(3) + ")";
        } catch (Exception unknown) {
            return "positions unknown: " + unknown;
        }
    }

    private static List<String> routingLog() {
        try (Stream<String> lines = Files.lines(service.log())) {
            return lines.filter(line -> line.contains("org.newsroom.replica") || line.contains("read replica")).toList();
        } catch (IOException unreadable) {
            return List.of(unreadable.toString());
        }
    }

    private static double replicaReads() {
        Matcher matcher = REPLICA_READS.matcher(get("/q/metrics").body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static long warnings() throws IOException {
        try (Stream<String> lines = Files.lines(service.log())) {
            return lines.filter(line -> line.contains("The read replica cannot be reached")).count();
        }
    }

    private static void awaitAnswers(AtomicInteger answered, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answered.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + answered.get() + " reads answered, waited for " + count);
            }
            Thread.sleep(20);
        }
    }

    private static JsonObject graphql(String document, Map<String, Object> variables, String header, String value) {
        return service.graphql(document, variables, header, value);
    }

    private static HttpResponse<String> post(String document, Map<String, Object> variables) {
        return service.post(document, variables);
    }

    private static HttpResponse<String> get(String path) {
        return service.get(path);
    }
}
