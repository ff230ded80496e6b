package org.newsroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged service (target/quarkus-app) as a child process against a PostgreSQL this test
 * owns: the database stops and comes back under load, then the service gets SIGTERM under load.
 * Runs in {@code verify} (failsafe), after the package exists.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageIT {

    private static final String CREATE = "mutation($input: CreateArticleInput!) { createArticle(input: $input) {"
            + " article { id headline } } }";
    private static final String READ = "{ countries(first: 3) { totalCount edges { node { code } } } }";

    private static Path dataDirectory;
    private static int databasePort;
    private static EmbeddedPostgres database;
    private static PackagedService service;
    private static final String RUN = "outage-" + System.currentTimeMillis() + "-";
    /** Headlines of every write the service reported as done. */
    private static final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        dataDirectory = Files.createTempDirectory("newsroom-outage-pg");
        databasePort = PackagedService.freePort();
        database = startDatabase();
        try (Connection connection = database.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("create database newsroom");
        }
        service = PackagedService.start("outage-service", Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + databasePort + "/newsroom",
                "QUARKUS_DATASOURCE_USERNAME", "postgres", "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "QUARKUS_SHUTDOWN_DELAY", "3s"), List.of("-Xmx256m"));
        awaitStatus("/q/health/ready", 200, Duration.ofMinutes(4));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            try {
                if (database != null) {
                    database.close();
                }
            } finally {
                StreamingReplicaPair.delete(dataDirectory);
            }
        }
    }

    @Test
    @Order(1)
    void databaseStopsUnderLoadAndTheServiceRecoversByItself() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger slowFailures = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong slowestFailure = new java.util.concurrent.atomic.AtomicLong();
        List<String> badResponses = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(load.submit(() -> {
                int i = 0;
                while (running.get()) {
                    boolean write = worker % 2 == 0;
                    String headline = RUN + worker + "-" + i++;
                    long started = System.nanoTime();
                    HttpResponse<String> response = write ? write(headline) : graphql(READ, Map.of(), null);
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (response == null) {
                        continue;
                    }
                    JsonObject json = new JsonObject(response.body());
                    if (response.statusCode() >= 500 || json.getString("errors", "").contains("\tat ")) {
                        badResponses.add(response.statusCode() + " " + response.body());
                    }
                    if (json.getJsonArray("errors") == null) {
                        if (write) {
                            acknowledged.add(headline);
                        }
                    } else {
                        String code = json.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions")
                                .getString("code");
                        if (!"SERVICE_UNAVAILABLE".equals(code)) {
                            badResponses.add(code + " " + response.body());
                        }
                        unavailable.incrementAndGet();
                        slowestFailure.accumulateAndGet(millis, Math::max);
                        if (millis > 10_000) {
                            slowFailures.incrementAndGet();
                        }
                    }
                }
            }));
        }
        try {
            awaitWrites(5);
            database.close();

            // Down: coded errors, readiness DOWN, liveness UP.
            awaitStatus("/q/health/ready", 503, Duration.ofSeconds(60));
            assertEquals(200, get("/q/health/live").statusCode());
            HttpResponse<String> during = graphql(READ, Map.of(), null);
            assertEquals(200, during.statusCode(), during.body());
            assertEquals("SERVICE_UNAVAILABLE", new JsonObject(during.body()).getJsonArray("errors").getJsonObject(0)
                    .getJsonObject("extensions").getString("code"), during.body());
            // the read engine's own answer: the interpreter does not try the database a second time
            assertEquals("compiled", during.headers().firstValue("X-Newsroom-Execution").orElse(null), during.body());

            database = startDatabase();
            long restarted = System.nanoTime();
            awaitStatus("/q/health/ready", 200, Duration.ofSeconds(90));
            System.out.printf("outage: ready again %d ms after PostgreSQL restarted%n",
                    (System.nanoTime() - restarted) / 1_000_000);
            int before = acknowledged.size();
            awaitWrites(before + 5);
        } finally {
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            load.shutdown();
        }
        System.out.printf("outage: %d writes acknowledged, %d SERVICE_UNAVAILABLE responses, slowest %d ms%n",
                acknowledged.size(), unavailable.get(), slowestFailure.get());
        assertTrue(badResponses.isEmpty(), "responses other than success or SERVICE_UNAVAILABLE: " + badResponses);
        assertEquals(0, slowFailures.get(), "failures took longer than 10 s");
        assertEveryAcknowledgedWriteIsWhole();
    }

    @Test
    @Order(2)
    void sigtermUnderLoadFinishesInFlightRequestsAndLosesNoWrite() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> broken = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newFixedThreadPool(3);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int worker = w;
            workers.add(load.submit(() -> {
                int i = 0;
                while (running.get() && service.isAlive()) {
                    String headline = RUN + "term-" + worker + "-" + i++;
                    HttpResponse<String> response = write(headline);
                    if (response == null) {
                        return; // refused at connect time: the server has closed its port
                    }
                    if (response.statusCode() == 200 && !response.body().contains("\"errors\"")) {
                        acknowledged.add(headline);
                    } else if (response.statusCode() >= 500) {
                        broken.add(response.statusCode() + " " + response.body());
                    }
                }
            }));
        }
        awaitWrites(acknowledged.size() + 5);
        service.process().toHandle().destroy(); // SIGTERM
        // Readiness turns DOWN while requests are still served (quarkus.shutdown.delay), so a load
        // balancer stops sending before the port closes.
        boolean sawDown = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!sawDown && System.nanoTime() < deadline) {
            HttpResponse<String> readiness = get("/q/health/ready");
            if (readiness == null) {
                break;
            }
            sawDown = readiness.statusCode() == 503;
            Thread.sleep(50);
        }
        assertTrue(sawDown, "readiness went DOWN before the port closed");
        assertTrue(service.process().waitFor(60, TimeUnit.SECONDS), "the service stops within its shutdown timeout");
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        load.shutdown();
        System.out.printf("sigterm: %d writes acknowledged in all, none lost%n", acknowledged.size());
        assertTrue(broken.isEmpty(), "in-flight requests failed: " + broken);
        assertEveryAcknowledgedWriteIsWhole();
    }

    private static void assertEveryAcknowledgedWriteIsWhole() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + databasePort + "/newsroom", "postgres", "postgres")) {
            Set<String> stored = ConcurrentHashMap.newKeySet();
            // Whole: every stored article of this run has the country it was written with.
            try (ResultSet rows = connection.createStatement().executeQuery(
                    "select a.headline, (select count(*) from article_country c where c.article_id = a.id)"
                            + " from article a where a.headline like '" + RUN + "%'")) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                    assertEquals(1, rows.getInt(2), "half-written article: " + rows.getString(1));
                }
            }
            for (String headline : acknowledged) {
                assertTrue(stored.contains(headline), "acknowledged write lost: " + headline);
            }
        }
    }

    private static HttpResponse<String> write(String headline) {
        return graphql(CREATE, Map.of("input", Map.of("language", "en", "headline", headline,
                "body", "First paragraph.\nSecond paragraph.", "countries", List.of("PK"))), Tokens.editor());
    }

    private static void awaitWrites(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acknowledged.size() + " writes acknowledged, waited for " + count);
            }
            Thread.sleep(100);
        }
    }

    private static EmbeddedPostgres startDatabase() throws IOException {
        return EmbeddedPostgres.builder().setPort(databasePort).setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false).setLocaleConfig("locale", "C").setLocaleConfig("lc-ctype", "C.UTF-8")
                .setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    private static HttpResponse<String> graphql(String query, Map<String, Object> variables, String token) {
        return token == null ? service.postQuery(query, variables)
                : service.postQuery(query, variables, "Authorization", "Bearer " + token);
    }

    /** A GET that answers null once the port is closed. */
    private static HttpResponse<String> get(String path) {
        try {
            return service.get(path);
        } catch (AssertionError noAnswer) {
            return null;
        }
    }

    private static void awaitStatus(String path, int status, Duration timeout) throws InterruptedException {
        service.awaitStatus(path, status, timeout);
    }
}
