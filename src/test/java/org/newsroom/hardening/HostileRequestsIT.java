package org.newsroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * The packaged service (target/quarkus-app) as a child process with the pod's JVM settings (the
 * JVM options of the image, quarkus.jib.jvm-additional-arguments, under the pod's memory limit)
 * and a throw-away embedded PostgreSQL, sent
 * small documents that expand into huge operations: fragment fan-outs (a 1 KB one used to end
 * the process), thousands of copies of one field, deep nesting. Every one gets a coded answer,
 * the process lives on, and its peak resident memory stays where ordinary requests put it.
 * Runs in {@code verify} (failsafe), after the package exists.
 */
class HostileRequestsIT {

    /** Growth of the peak resident set allowed across all hostile requests. */
    private static final long RSS_MARGIN_KB = 64 * 1024;

    /** The memory limit of the pod (k8s/base/deployment.yaml), which the JVM sizes itself from. */
    private static final String POD_MEMORY_LIMIT = "512m";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path dataDirectory;
    private static Process service;
    private static URI graphql;

    @BeforeAll
    static void start() throws Exception {
        dataDirectory = Files.createTempDirectory("newsroom-hostile-pg");
        int httpPort = freePort();
        graphql = URI.create("http://127.0.0.1:" + httpPort + "/graphql");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:MaxRAM=" + POD_MEMORY_LIMIT);
        command.addAll(podJvmOptions());
        command.addAll(List.of(
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.port=" + freePort(),
                "-Dquarkus.shutdown.delay-enabled=false",
                "-Dquarkus.log.console.json.enabled=false",
                "-Dnewsroom.quota.rate-limit.anonymous.enabled=false",
                "-Dnewsroom.embedded-postgres.data-directory=" + dataDirectory,
                "-Dnewsroom.embedded-postgres.ephemeral=true",
                "-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "hostile-requests-service.log").toFile());
        service = builder.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (true) {
            assertTrue(service.isAlive(), "the service stopped while starting (target/hostile-requests-service.log)");
            try {
                if (post("{ __typename }").statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertTrue(System.nanoTime() < deadline, "the service did not start within 4 minutes");
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void smallDocumentsThatExpandHugelyGetCodedAnswersAndLeaveMemoryAlone() throws Exception {
        // Ordinary traffic first, so that the peak measured before is that of a working service.
        for (int i = 0; i < 20; i++) {
            assertEquals(200, post("{ countries(first: 50) { totalCount edges { node { code name } } } }").statusCode());
        }
        long peakBefore = peakResidentKb();

        Map<String, String> documents = new LinkedHashMap<>();
        for (int n : new int[] { 16, 23, 24, 30, 63, 64, 400 }) {
            documents.put("fan-out " + n, fanOut(n, "query Q { ...F" + n + " }", "Query", "__typename"));
        }
        documents.put("fan-out under a connection", fanOut(24, "query Q { countries(first: 100) { ...F24 } }",
                "CountryConnection", "totalCount"));
        documents.put("fan-out of aliases", fanOut(24, "query Q { ...F24 }", "Query", "a: __typename b: __typename"));
        documents.put("fan-out through inline fragments",
                fanOut(24, "query Q { ... on Query { ...F24 } }", "Query", "... on Query { __typename }"));
        documents.put("fan-out as a second operation", "query Small { __typename }\n"
                + fanOut(24, "query Big { ...F24 }", "Query", "__typename"));
        documents.put("4,800 copies of one field", "{ countries(first: 1) { " + "totalCount ".repeat(4_800) + "} }");
        documents.put("deep selection sets", "{ __schema { types { fields { type " + "{ ofType ".repeat(40)
                + "{ name }" + " }".repeat(40) + " } } } }");
        documents.put("nesting beyond the parser", "{ a " + "{ a ".repeat(3_000) + "}".repeat(3_001));
        documents.put("a fragment cycle", "query Q { ...A }\nfragment A on Query { __typename ...B }\n"
                + "fragment B on Query { __typename ...A }");

        for (Map.Entry<String, String> document : documents.entrySet()) {
            HttpResponse<String> response = post(document.getValue());
            assertCoded(document.getKey() + " (POST)", response);
            if (document.getValue().length() < 2_000) {
                assertCoded(document.getKey() + " (GET)", get(document.getValue()));
            }
            assertTrue(service.isAlive(), document.getKey() + " ended the service");
        }

        assertEquals(200, post("{ countries(first: 1) { totalCount } }").statusCode(), "still serving");
        long peakAfter = peakResidentKb();
        assertTrue(peakAfter - peakBefore < RSS_MARGIN_KB, "peak resident memory grew from " + peakBefore + " kB to "
                + peakAfter + " kB");
    }

    private static void assertCoded(String what, HttpResponse<String> response) {
        assertTrue(response.statusCode() == 200 || response.statusCode() >= 400 && response.statusCode() < 500,
                what + ": HTTP " + response.statusCode() + " " + response.body());
        JsonObject body = new JsonObject(response.body());
        assertNotNull(body.getJsonArray("errors"), what + ": " + response.body());
        assertNotNull(body.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"),
                what + ": " + response.body());
    }

    /** A chain of n fragments on the type, each spreading the previous one twice: 2^n copies of the first. */
    private static String fanOut(int n, String operation, String type, String selection) {
        StringBuilder document = new StringBuilder(operation).append("\nfragment F0 on ").append(type).append(" { ")
                .append(selection).append(" }\n");
        for (int i = 1; i <= n; i++) {
            document.append("fragment F").append(i).append(" on ").append(type).append(" { ...F").append(i - 1)
                    .append(" ...F").append(i - 1).append(" }\n");
        }
        return document.toString();
    }

    /** The JVM options the image gives the service (quarkus.jib.jvm-additional-arguments). */
    private static List<String> podJvmOptions() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
            properties.load(in);
        }
        String options = properties.getProperty("quarkus.jib.jvm-additional-arguments");
        assertNotNull(options, "application.properties sets no quarkus.jib.jvm-additional-arguments");
        return List.of(options.split(","));
    }

    /** VmHWM: the highest resident set of the service's process so far. */
    private static long peakResidentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(service.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/" + service.pid() + "/status");
    }

    private static HttpResponse<String> post(String query) throws IOException, InterruptedException {
        String body = new JsonObject().put("query", query).encode();
        HttpRequest request = HttpRequest.newBuilder(graphql).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String query) throws IOException, InterruptedException {
        URI uri = URI.create(graphql + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
