package org.newsroom.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.Management;
import org.newsroom.testing.SeedArticle;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Prometheus metrics at /q/metrics on the management port: per GraphQL operation name, and the
 * HTTP, JVM and connection pool metrics beside them. Each test uses operation names of its own and compares
 * counts before and after, so the tests do not depend on each other.
 */
@QuarkusTest
class MetricsTest {

    private final GraphQLClient client = GraphQLClient.anonymous();

    @Test
    void namedOperationIsCountedAndTimed() {
        Map<String, String> success = Map.of("operation", "MetricsSeedHeadline", "type", "query", "outcome", "success");
        double before = value(scrape(), "graphql_operation_seconds_count", success);

        client.execute("observability/seed-headline", Map.of("slug", SeedArticle.SLUG)).data("article.headline");
        client.execute("observability/seed-headline", Map.of("slug", SeedArticle.SLUG)).data("article.headline");

        String metrics = scrape();
        assertEquals(before + 2, value(metrics, "graphql_operation_seconds_count", success));
        assertTrue(value(metrics, "graphql_operation_seconds_sum", success) > 0, "latency is recorded");
        assertTrue(value(metrics, "graphql_operation_seconds_bucket",
                Map.of("operation", "MetricsSeedHeadline", "outcome", "success", "le", "+Inf")) >= 2,
                "latency histogram buckets are published");
        assertEquals(0, value(metrics, "graphql_operation_errors_total", Map.of("operation", "MetricsSeedHeadline")));
    }

    @Test
    void errorsAreCountedByOperationAndCode() {
        Map<String, String> badInput = Map.of("operation", "MetricsPageTooLarge", "code", "BAD_USER_INPUT");
        Map<String, String> invalid = Map.of("operation", "MetricsUnknownField", "code", "GRAPHQL_VALIDATION_FAILED");
        String before = scrape();
        double badInputBefore = value(before, "graphql_operation_errors_total", badInput);
        double invalidBefore = value(before, "graphql_operation_errors_total", invalid);
        double failedBefore = value(before, "graphql_operation_seconds_count",
                Map.of("operation", "MetricsPageTooLarge", "outcome", "error"));

        assertEquals("BAD_USER_INPUT", client.execute("observability/page-too-large").errorCode());
        assertEquals("GRAPHQL_VALIDATION_FAILED", client.execute("observability/unknown-field").errorCode());

        String after = scrape();
        assertEquals(badInputBefore + 1, value(after, "graphql_operation_errors_total", badInput));
        assertEquals(invalidBefore + 1, value(after, "graphql_operation_errors_total", invalid),
                "an operation that fails validation still has its name");
        assertEquals(failedBefore + 1, value(after, "graphql_operation_seconds_count",
                Map.of("operation", "MetricsPageTooLarge", "type", "query", "outcome", "error")));
    }

    @Test
    void httpJvmAndPoolMetricsAreExported() {
        client.execute("observability/seed-headline", Map.of("slug", SeedArticle.SLUG)).data("article.headline");
        String metrics = scrape();
        assertTrue(value(metrics, "http_server_requests_seconds_count",
                Map.of("uri", "/graphql", "method", "POST", "status", "200")) >= 1, "HTTP server metrics");
        assertTrue(metrics.contains("\njvm_memory_used_bytes{"), "JVM memory metrics");
        assertTrue(metrics.contains("\njvm_threads_live_threads"), "JVM thread metrics");
        assertTrue(metrics.contains("\nagroal_active_count{"), "connection pool metrics");
        assertTrue(metrics.contains("\nagroal_available_count{"), "connection pool metrics");
    }

    @Test
    void compiledReadsPoolIsMeasuredAsAWholeNotByItsFirstConnection() throws Exception {
        Map<String, String> primary = Map.of("server", "primary");
        double completedBefore = value(scrape(), "compiled_reads_completed_total", Map.of("clientType", "sql"));
        int reads = 16;
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < reads; i++) {
                answers.add(readers.submit(() -> client.execute("observability/seed-headline",
                        Map.of("slug", SeedArticle.SLUG)).data("article.headline")));
            }
            for (Future<Object> answer : answers) {
                assertTrue(answer.get(30, TimeUnit.SECONDS) != null, "each concurrent read has the headline");
            }
        } finally {
            readers.shutdownNow();
        }

        String metrics = scrape();
        assertTrue(metrics.contains("\nnewsroom_read_engine_in_flight{"), "the pool's in-flight gauge");
        assertEquals(0, value(metrics, "newsroom_read_engine_in_flight", primary), "every read answered, none in flight");
        assertTrue(value(metrics, "compiled_reads_completed_total", Map.of("clientType", "sql")) >= completedBefore + reads,
                "the client's counters, shared by its connections, stay");
        assertFalse(metrics.contains("\ncompiled_reads_queue_size"), "no per-connection queue gauge");
        assertFalse(metrics.contains("\ncompiled_reads_current"), "no per-connection requests gauge");
    }

    private static String scrape() {
        return Management.given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\} (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The sum of the samples of a metric whose labels include the given ones; 0 if none. */
    private static double value(String metrics, String name, Map<String, String> labels) {
        double sum = 0;
        Matcher sample = SAMPLE.matcher(metrics);
        while (sample.find()) {
            if (!sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }
}
