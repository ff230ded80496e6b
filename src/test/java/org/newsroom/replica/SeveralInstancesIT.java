package org.newsroom.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLWebSocket;
import org.newsroom.testing.PackagedService;
import org.newsroom.testing.StreamingReplicaPair;
import org.newsroom.testing.Tokens;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Three instances of the packaged service on one primary and one streaming standby, as the
 * production overlay runs them. Editors write through two of them while a partner reads the change
 * feed through any of them (its cursor carried from one to the next) and a WebSocket subscriber
 * listens on each: the feed misses and repeats nothing, every subscriber gets every event once,
 * anonymous readers on every instance see the articles (from the replica). Then a partner spends
 * its budget through all three at once: what they let through in total stays within the tolerance
 * of docs/decisions/caching-and-rate-limits.md. Runs in {@code verify} (failsafe).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesIT {

    private static final int INSTANCES = 3;
    private static final int ARTICLES = 6;
    private static final long PARTNER_BUDGET = 6000;
    /** The shortest the scheduler runs (and the shipped value). */
    private static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final String RUN = "instances-" + System.currentTimeMillis() + "-";
    private static final Pattern REPLICA_READS = Pattern.compile(
            "(?m)^newsroom_read_engine_reads_total\\{[^}]*server=\"replica\"[^}]*\\} ([0-9.E]+)");

    private static StreamingReplicaPair databases;
    private static final List<PackagedService> instances = new ArrayList<>();
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        databases = StreamingReplicaPair.start("instances");
        Map<String, String> environment = new HashMap<>(databases.serviceEnvironment());
        environment.put("NEWSROOM_READ_REPLICA_RETRY_AFTER", "1s");
        environment.put("NEWSROOM_QUOTA_RATE_LIMIT_SYNC_INTERVAL", SYNC_INTERVAL.toString());
        environment.put("NEWSROOM_QUOTA_RATE_LIMIT_WINDOW", WINDOW.toString());
        environment.put("NEWSROOM_QUOTA_RATE_LIMIT_PARTNER_POINTS", String.valueOf(PARTNER_BUDGET));
        // the pod's memory limit; C1 only, so that three JVMs starting at once on two cores finish sooner
        List<String> jvm = List.of("-XX:MaxRAM=768m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(PackagedService.start("instance-" + (i + 1), environment, jvm));
        }
        for (PackagedService instance : instances) {
            instance.awaitReady(Duration.ofMinutes(4));
        }
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } finally {
            try {
                for (PackagedService instance : instances) {
                    instance.warnings(40).forEach(line -> System.out.println(instance.name() + ": " + line));
                    instance.close();
                }
            } finally {
                if (databases != null) {
                    databases.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void editorsPartnerSubscribersAndReadersOnDifferentInstancesSeeEveryChangeOnce() throws Exception {
        String editor = "Bearer " + Tokens.editor();
        String partnerKey = createPartner(instances.get(2), "feed");
        String speaker = instances.get(0).graphql("speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", RUN + "speaker", "nameLanguage", "en", "latinName", RUN + "speaker")),
                "Authorization", editor).getJsonObject("data").getJsonObject("createSpeaker").getJsonObject("speaker")
                .getString("id");
        List<String> drafts = new ArrayList<>();
        for (int i = 0; i < ARTICLES; i++) {
            drafts.add(writer(i).graphql("replica/create-article", Map.of("input", Map.of("language", "en",
                    "headline", headline(i), "body", "First paragraph.\nSecond paragraph.", "countries", List.of("PK"))),
                    "Authorization", editor).getJsonObject("data").getJsonObject("createArticle").getJsonObject("article")
                    .getString("id"));
        }

        List<Subscriber> subscribers = new ArrayList<>();
        try {
            for (PackagedService instance : instances) {
                GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, instance.graphql(),
                        GraphQLWebSocket.TRANSPORT_WS);
                subscribers.add(new Subscriber(instance.name(), socket));
                socket.subscribe("published", GraphQLClient.load("live/article-published"), Map.of());
                socket.subscribe("statements", GraphQLClient.load("live/statement-added"), Map.of());
                for (int i = 0; i < ARTICLES; i++) {
                    socket.subscribe("updated-" + i, GraphQLClient.load("live/article-updated"),
                            Map.of("id", drafts.get(i)));
                }
            }
            Thread.sleep(1500); // subscribe messages carry no acknowledgement

            FeedReader feed = new FeedReader(partnerKey);
            ExecutorService threads = Executors.newFixedThreadPool(3);
            Future<?> polling = threads.submit(feed::pollUntilStopped);
            Map<Integer, String> statements = new ConcurrentHashMap<>();
            Map<Integer, String> slugs = new ConcurrentHashMap<>();
            List<Future<?>> editors = new ArrayList<>();
            for (int e = 0; e < 2; e++) {
                int first = e;
                editors.add(threads.submit(() -> {
                    for (int i = first; i < ARTICLES; i += 2) {
                        write(i, drafts.get(i), speaker, editor, slugs, statements);
                    }
                    return null;
                }));
            }
            for (Future<?> writing : editors) {
                writing.get(2, TimeUnit.MINUTES);
            }

            // what every subscriber must have received, per operation, once
            Map<String, Integer> expectedEvents = new TreeMap<>();
            expectedEvents.put("published", ARTICLES);
            expectedEvents.put("statements", ARTICLES);
            for (int i = 0; i < ARTICLES; i++) {
                expectedEvents.put("updated-" + i, withdrawn(i) ? 4 : 3); // publish, statement, correction(, withdrawal)
            }
            for (Subscriber subscriber : subscribers) {
                subscriber.collect(expectedEvents.values().stream().mapToInt(Integer::intValue).sum(),
                        Duration.ofSeconds(30));
            }

            // what the feed must hold about this run's articles, in this order per article
            Map<String, List<String>> expectedFeed = new TreeMap<>();
            for (int i = 0; i < ARTICLES; i++) {
                expectedFeed.put(drafts.get(i), withdrawn(i) ? List.of("PUBLISHED", "UPDATED", "CORRECTED", "WITHDRAWN")
                        : List.of("PUBLISHED", "UPDATED", "CORRECTED"));
            }
            feed.awaitEntries(expectedFeed.values().stream().mapToInt(List::size).sum(), Duration.ofSeconds(30));
            Thread.sleep(1500); // a few more polls: anything repeated would show now
            feed.stop();
            polling.get(1, TimeUnit.MINUTES);
            threads.shutdown();

            Map<String, List<String>> fed = new TreeMap<>();
            for (JsonObject entry : feed.entries) {
                if (!drafts.contains(entry.getString("articleId"))) {
                    continue; // the seed articles: a new partner's feed starts with what it may pull
                }
                fed.computeIfAbsent(entry.getString("articleId"), id -> new ArrayList<>()).add(entry.getString("kind"));
            }
            assertEquals(expectedFeed, fed, "the feed read through random instances, page by page");
            assertEquals(List.of(), feed.failures, "every poll answered");
            List<String> cursors = feed.entries.stream().map(entry -> entry.getString("cursor")).toList();
            assertEquals(cursors.size(), distinct(cursors), "no cursor twice");
            FeedReader again = new FeedReader(partnerKey);
            again.readToEnd(instances.get(0));
            assertEquals(cursors, again.entries.stream().map(entry -> entry.getString("cursor")).toList(),
                    "read again from the start, the feed is what the polls saw, in the same order");
            System.out.printf("several instances: %d feed entries in %d polls over %s%n", cursors.size(),
                    feed.polls, feed.pollsPerInstance);

            for (Subscriber subscriber : subscribers) {
                Map<String, Integer> received = new TreeMap<>();
                subscriber.received.forEach((operation, ids) -> received.put(operation, ids.size()));
                assertEquals(expectedEvents, received, subscriber.name + ": events per subscription (errors: "
                        + subscriber.errors + ")");
                assertEquals(drafts.stream().sorted().toList(),
                        subscriber.received.get("published").stream().sorted().toList(), subscriber.name + ": publications");
                assertEquals(statements.values().stream().sorted().toList(),
                        subscriber.received.get("statements").stream().sorted().toList(), subscriber.name + ": statements");
                for (int i = 0; i < ARTICLES; i++) {
                    String id = drafts.get(i);
                    assertTrue(subscriber.received.get("updated-" + i).stream().allMatch(id::equals),
                            subscriber.name + ": only the followed article");
                }
                assertEquals(List.of(), subscriber.errors, subscriber.name + ": no errors");
            }

            for (PackagedService instance : instances) {
                double before = replicaReads(instance);
                for (int i = 0; i < ARTICLES; i++) {
                    if (withdrawn(i)) { // by ID only, as WITHDRAWN with its reason
                        awaitAnonymousRead(instance, "article/article-node", Map.of("id", drafts.get(i)), "node",
                                article -> "WITHDRAWN".equals(article.getString("status"))
                                        && article.getString("withdrawalReason") != null);
                    } else {
                        String corrected = headline(i) + ", corrected";
                        awaitAnonymousRead(instance, "replica/article-headline", Map.of("slug", slugs.get(i)), "article",
                                article -> corrected.equals(article.getString("headline")));
                    }
                }
                assertTrue(replicaReads(instance) > before, instance.name() + ": the replica answered readers");
            }
        } finally {
            for (Subscriber subscriber : subscribers) {
                subscriber.socket.close();
            }
        }
    }

    @Test
    @Order(2)
    void aPartnersBudgetHoldsInTotalAcrossTheInstancesWithinTheStatedTolerance() throws Exception {
        String key = createPartner(instances.get(0), "burst");
        Map<String, Object> page = Map.of("first", 30);
        long started = System.nanoTime();
        long cost = 0;
        for (PackagedService instance : instances) { // every instance knows the partner and has synced once
            HttpResponse<String> response = instance.post("replica/feed", page, "X-Api-Key", key);
            assertEquals(200, response.statusCode(), response.body());
            cost = new JsonObject(response.body()).getJsonObject("extensions").getJsonObject("cost")
                    .getLong("requested");
        }
        long warmUp = INSTANCES * cost;
        Thread.sleep(SYNC_INTERVAL.toMillis() * 3);

        record Answer(int instance, long nanos, int status) {
        }
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean spent = new AtomicBoolean();
        ExecutorService burst = Executors.newFixedThreadPool(INSTANCES);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < INSTANCES; c++) {
            clients.add(burst.submit(() -> {
                int refusedInARow = 0;
                while (refusedInARow < 10 && answers.size() < 2_000) {
                    int target = ThreadLocalRandom.current().nextInt(INSTANCES);
                    HttpResponse<String> response = instances.get(target).post("replica/feed", page, "X-Api-Key", key);
                    int status = response == null ? -1 : response.statusCode();
                    answers.add(new Answer(target, System.nanoTime(), status));
                    if (status == 429) {
                        refusedInARow++;
                        spent.set(true);
                        if (!"RATE_LIMITED".equals(new JsonObject(response.body()).getJsonArray("errors")
                                .getJsonObject(0).getJsonObject("extensions").getString("code"))) {
                            unexpected.add(response.body());
                        }
                    } else if (status != 200) {
                        unexpected.add(status + " " + (response == null ? "" : response.body()));
                    }
                    Thread.sleep(150); // spread over many sync intervals, as a partner's steady traffic is
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get(2, TimeUnit.MINUTES);
        }
        burst.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(List.of(), unexpected, "only 200 and 429 RATE_LIMITED");
        assertTrue(spent.get(), "the budget ran out");

        List<Answer> admitted = answers.stream().filter(answer -> answer.status() == 200).toList();
        long letThrough = warmUp + admitted.size() * cost;
        // the most one instance let through within two sync intervals (and the statements' own time):
        // how long an instance's view may miss what another let through (the other's sync writes it,
        // then this one's reads it)
        long requestCost = cost;
        Function<Duration, Long> mostWithin = span -> {
            long most = 0;
            for (int i = 0; i < INSTANCES; i++) {
                int instance = i;
                List<Long> times = admitted.stream().filter(answer -> answer.instance() == instance)
                        .map(Answer::nanos).sorted().toList();
                for (int from = 0, to = 0; to < times.size(); to++) {
                    while (times.get(to) - times.get(from) > span.toNanos()) {
                        from++;
                    }
                    most = Math.max(most, (to - from + 1) * requestCost);
                }
            }
            return most;
        };
        long mostPerTwoIntervals = mostWithin.apply(SYNC_INTERVAL.multipliedBy(2).plusMillis(250));
        long mostPerInterval = mostWithin.apply(SYNC_INTERVAL.plusMillis(250));
        double refill = PARTNER_BUDGET * seconds / WINDOW.toSeconds();
        long tolerance = (INSTANCES - 1) * mostPerTwoIntervals;
        System.out.printf("several instances: budget %d, %d answers (%d x 200, %d x 429) at %d points each,"
                + " %d points let through in %.1f s (refill %.0f), tolerance %d (over one interval: %d)%n",
                PARTNER_BUDGET, answers.size(), admitted.size(), answers.size() - admitted.size(), cost, letThrough,
                seconds, refill, tolerance, (INSTANCES - 1) * mostPerInterval);
        assertTrue(letThrough <= PARTNER_BUDGET + refill + tolerance, "let through " + letThrough
                + " beyond the budget, its refill and the tolerance " + tolerance);
        assertTrue(letThrough >= PARTNER_BUDGET - cost, "refused before the budget was spent: " + letThrough);
        assertTrue(letThrough < INSTANCES * PARTNER_BUDGET / 2, "far from a budget per instance: " + letThrough);

        // Every instance reads the shared balance of the buckets it holds that are not full at each
        // sync, asked meanwhile or not: after two syncs (the others' spending written, then read)
        // each refuses the partner's first request, also one not asked since its last sync.
        Thread.sleep(SYNC_INTERVAL.toMillis() * 3); // two syncs, and a margin for a loaded machine
        double balance = sharedBalance(RUN + "burst");
        assertTrue(balance < cost - 2, "the precondition: nothing refilled enough for a request: " + balance);
        for (PackagedService instance : instances) {
            HttpResponse<String> after = instance.post("replica/feed", page, "X-Api-Key", key);
            assertEquals(429, after.statusCode(), instance.name() + " after two syncs, balance " + balance + ": "
                    + after.body());
        }
    }

    /** The partner's shared balance on the primary, refilled up to now. */
    private static double sharedBalance(String partnerName) throws SQLException {
        try (Connection connection = StreamingReplicaPair.connect(databases.primaryPort());
                PreparedStatement select = connection.prepareStatement("select least(b.budget, b.tokens + b.budget / ? "
                        + "* extract(epoch from now() - b.refilled_at)::float8) from rate_limit_bucket b "
                        + "join partner p on b.caller = 'partner:' || p.id where p.name = ?")) {
            select.setDouble(1, WINDOW.toSeconds());
            select.setString(2, partnerName);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "a shared bucket for " + partnerName);
                return row.getDouble(1);
            }
        }
    }

    /** Publishes, quotes, corrects and (every third) withdraws article i, through the two writing instances. */
    private static void write(int i, String id, String speaker, String editor, Map<Integer, String> slugs,
            Map<Integer, String> statements) {
        JsonObject published = writer(i).graphql("replica/publish-article", Map.of("input", Map.of("id", id,
                "version", 0)), "Authorization", editor).getJsonObject("data").getJsonObject("publishArticle")
                .getJsonObject("article");
        slugs.put(i, published.getString("slug"));
        statements.put(i, writer(i + 1).graphql("statement/add-statement", Map.of("input", Map.of("article", id,
                "paragraph", 1, "start", 0, "end", 5, "text", "First", "kind", "CLAIM", "speaker", speaker,
                "countries", List.of("PK"))), "Authorization", editor).getJsonObject("data")
                .getJsonObject("addStatement").getJsonObject("statement").getString("id"));
        writer(i).graphql("article/correct-article", Map.of("input", Map.of("id", id, "version", 1,
                "headline", headline(i) + ", corrected", "note", "Headline corrected.")), "Authorization", editor);
        if (withdrawn(i)) {
            writer(i + 1).graphql("article/withdraw-article", Map.of("input", Map.of("id", id, "version", 2,
                    "reason", "Withdrawn by the test.")), "Authorization", editor);
        }
    }

    /** Editors write through the first two instances only; the third serves the partner and readers. */
    private static PackagedService writer(int i) {
        return instances.get(i % 2);
    }

    private static boolean withdrawn(int i) {
        return i % 3 == 0;
    }

    private static String headline(int i) {
        return RUN + "article " + i;
    }

    private static int distinct(List<String> values) {
        return new HashSet<>(values).size();
    }

    private static String createPartner(PackagedService instance, String name) {
        return instance.graphql("syndication/create-partner", Map.of("input", Map.of("name", RUN + name)),
                "Authorization", "Bearer " + Tokens.admin()).getJsonObject("data").getJsonObject("createPartner")
                .getString("key");
    }

    /** Waits until an anonymous reader's answer on this instance has the field, and it is as expected. */
    private static void awaitAnonymousRead(PackagedService instance, String document, Map<String, Object> variables,
            String field, Predicate<JsonObject> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = instance.post(document, variables);
            last = response == null ? null : response.body();
            JsonObject data = last == null ? null : new JsonObject(last).getJsonObject("data");
            JsonObject article = data == null ? null : data.getJsonObject(field);
            if (article != null && expected.test(article)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(instance.name() + ": readers never saw it " + variables + "; last answer " + last);
    }

    private static double replicaReads(PackagedService instance) {
        Matcher matcher = REPLICA_READS.matcher(instance.get("/q/metrics").body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** The partner, reading the feed page by page, each page from an instance picked at random. */
    private static final class FeedReader {
        final String key;
        final List<JsonObject> entries = Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Integer> pollsPerInstance = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        volatile int polls;
        String cursor;

        FeedReader(String key) {
            this.key = key;
        }

        void pollUntilStopped() {
            try {
                while (running.get()) {
                    PackagedService instance = instances.get(ThreadLocalRandom.current().nextInt(INSTANCES));
                    if (!readPage(instance)) {
                        Thread.sleep(200);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void readToEnd(PackagedService instance) {
            while (readPage(instance)) {
                // next page
            }
        }

        /** Reads one page of 5 after the cursor; true if there is more. */
        boolean readPage(PackagedService instance) {
            polls++;
            pollsPerInstance.merge(instance.name(), 1, Integer::sum);
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("after", cursor);
            variables.put("first", 5);
            HttpResponse<String> response = instance.post("replica/feed", variables, "X-Api-Key", key);
            if (response == null || response.statusCode() != 200 || response.body().contains("\"errors\"")) {
                failures.add(instance.name() + ": " + (response == null ? "no answer" : response.body()));
                return false;
            }
            JsonObject page = new JsonObject(response.body()).getJsonObject("data").getJsonObject("syndicationFeed");
            for (Object edge : page.getJsonArray("edges")) {
                JsonObject entry = (JsonObject) edge;
                if (entry.getJsonObject("node").getString("articleId") != null) {
                    entries.add(entry.getJsonObject("node").copy().put("cursor", entry.getString("cursor")));
                }
                cursor = entry.getString("cursor");
            }
            return page.getJsonObject("pageInfo").getBoolean("hasNextPage");
        }

        void awaitEntries(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (entries.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        void stop() {
            running.set(false);
        }
    }

    /** One WebSocket on one instance with all the test's subscriptions; what arrived per operation id. */
    private static final class Subscriber {
        final String name;
        final GraphQLWebSocket socket;
        final Map<String, List<String>> received = new TreeMap<>();
        final List<String> errors = new ArrayList<>();

        Subscriber(String name, GraphQLWebSocket socket) {
            this.name = name;
            this.socket = socket;
        }

        /** Reads events until the count has come (then a second more, for any surplus) or the time is up. */
        void collect(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int events = 0;
            while (events < count && System.nanoTime() < deadline) {
                events += read(deadline - System.nanoTime()) ? 1 : 0;
            }
            long surplus = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < surplus) {
                read(surplus - System.nanoTime());
            }
        }

        private boolean read(long nanos) throws InterruptedException {
            JsonObject message = socket.nextMessage(Math.max(nanos, 1), TimeUnit.NANOSECONDS);
            if (message == null) {
                return false;
            }
            String operation = message.getString("id");
            JsonObject payload = message.getJsonObject("payload");
            if (!"next".equals(message.getString("type")) || payload == null || payload.getValue("errors") != null) {
                errors.add(message.encode());
                return false;
            }
            JsonObject data = payload.getJsonObject("data");
            JsonObject node = data.getJsonObject(data.fieldNames().iterator().next());
            received.computeIfAbsent(operation, id -> new ArrayList<>()).add(node.getString("id"));
            return true;
        }
    }
}
