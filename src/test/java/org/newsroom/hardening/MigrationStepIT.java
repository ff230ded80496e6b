package org.newsroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsroom.testing.PackagedService;
import org.newsroom.testing.SeedArticle;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged service as the Kubernetes manifests run it: pods that neither migrate nor import
 * the seed at start, and a migration step (the same package, {@code NEWSROOM_EXIT_AFTER_START})
 * that does both and exits. A pod on an unmigrated database stays unready, and turns ready once
 * the step has run; meanwhile it says so once in its log, not at every probe or scheduled job.
 */
class MigrationStepIT {

    private static EmbeddedPostgres database;
    private static Map<String, String> databaseEnvironment;

    @BeforeAll
    static void startDatabase() throws Exception {
        int port = PackagedService.freePort();
        database = EmbeddedPostgres.builder().setPort(port)
                .setDataDirectory(Files.createTempDirectory("newsroom-migration-step-pg"))
                .setLocaleConfig("locale", "C").setLocaleConfig("lc-ctype", "C.UTF-8")
                .setPGStartupWait(Duration.ofSeconds(60)).start();
        try (Connection connection = database.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("create database newsroom");
        }
        databaseEnvironment = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + port + "/newsroom",
                "QUARKUS_DATASOURCE_USERNAME", "postgres", "QUARKUS_DATASOURCE_PASSWORD", "postgres");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aPodWaitsUnreadyForTheMigrationStep() throws Exception {
        try (PackagedService pod = PackagedService.start("migration-step-pod", with(Map.of(
                "QUARKUS_FLYWAY_MIGRATE_AT_START", "false", "NEWSROOM_SEED_IMPORT_AT_START", "false")),
                List.of("-Xmx256m"))) {
            pod.awaitStatus("/q/health/started", 200, Duration.ofMinutes(4));
            HttpResponse<String> unready = pod.get("/q/health/ready");
            assertEquals(503, unready.statusCode(), unready.body());
            JsonObject schema = check(new JsonObject(unready.body()), "Database schema migrated");
            assertEquals("DOWN", schema.getString("status"), schema.encode());

            try (PackagedService step = PackagedService.start("migration-step", with(Map.of(
                    "NEWSROOM_EXIT_AFTER_START", "true")), List.of("-Xmx256m"))) {
                assertTrue(step.process().waitFor(4, TimeUnit.MINUTES), "the migration step exits; see " + step.log());
                assertEquals(0, step.process().exitValue(), "the migration step's exit status; see " + step.log());
            }

            pod.awaitReady(Duration.ofSeconds(30));
            // the plain log: date, time, level, logger, thread, message
            List<String> log = Files.readAllLines(pod.log());
            assertEquals(1, log.stream().filter(line -> line.matches("\\S+ \\S+ WARN .* Database schema not migrated to .*"))
                    .count(), "said once, not at every probe; see " + pod.log());
            assertEquals(1, log.stream().filter(line -> line.matches("\\S+ \\S+ INFO .* Database schema migrated to .*"))
                    .count(), "see " + pod.log());
            assertEquals(List.of(), log.stream().filter(line -> line.matches("\\S+ \\S+ ERROR .*")).toList(),
                    "no errors while the pod waited for the migration step (scheduled jobs skip their runs)");
            JsonObject answer = pod.graphql("statement/seed-statements", Map.of("slug", SeedArticle.SLUG));
            assertEquals(17, answer.getJsonObject("data").getJsonObject("article").getJsonObject("statements")
                    .getInteger("totalCount"), "the step imported the seed: " + answer.encode());
        }
    }

    private static Map<String, String> with(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(databaseEnvironment);
        all.putAll(settings);
        return all;
    }

    private static JsonObject check(JsonObject health, String name) {
        JsonArray checks = health.getJsonArray("checks");
        for (int i = 0; i < checks.size(); i++) {
            if (name.equals(checks.getJsonObject(i).getString("name"))) {
                return checks.getJsonObject(i);
            }
        }
        throw new AssertionError("no check named " + name + " in " + health.encode());
    }
}
