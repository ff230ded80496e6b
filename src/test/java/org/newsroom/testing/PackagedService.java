package org.newsroom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * The packaged service (target/quarkus-app/quarkus-run.jar, built by {@code package} before
 * failsafe runs) as a child process on free ports, trusting the committed dev key, its output in
 * {@code target/<name>.log}, with plain-HTTP helpers for tests. {@link #close()} kills it.
 */
public final class PackagedService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Process process;
    private final URI base;
    private final URI management;
    private final Path log;

    private PackagedService(String name, Process process, URI base, URI management, Path log) {
        this.name = name;
        this.process = process;
        this.base = base;
        this.management = management;
        this.log = log;
    }

    /**
     * Starts the service with these JVM options and environment (which may override the defaults
     * set here: ports, dev key, {@code QUARKUS_SHUTDOWN_DELAY=0s}, plain console log). Does not
     * wait: see {@link #awaitReady(Duration)}.
     */
    public static PackagedService start(String name, Map<String, String> environment, List<String> jvmOptions)
            throws IOException {
        int httpPort = freePort();
        int managementPort = freePort();
        Path log = Path.of("target", name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/dev-keys/newsroom-dev-public-key.pem")
                .toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", Tokens.ISSUER);
        env.put("QUARKUS_SHUTDOWN_DELAY", "0s");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.putAll(environment);
        return new PackagedService(name, builder.start(), URI.create("http://127.0.0.1:" + httpPort),
                URI.create("http://127.0.0.1:" + managementPort), log);
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The public HTTP interface, e.g. http://127.0.0.1:41234. */
    public URI base() {
        return base;
    }

    /** The GraphQL endpoint, for HTTP and WebSocket. */
    public URI graphql() {
        return base.resolve("/graphql");
    }

    /** The management interface: health (/q/health/*) and metrics. */
    public URI management() {
        return management;
    }

    /** Where the process's output goes. */
    public Path log() {
        return log;
    }

    /** The log's warnings and errors (at most the given number of lines): what CI's output shows of a failed run. */
    public List<String> warnings(int max) {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).limit(max).toList();
        } catch (IOException | UncheckedIOException unreadable) {
            return List.of("(" + log + " unreadable: " + unreadable.getMessage() + ")");
        }
    }

    private List<String> lastLines(int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException | UncheckedIOException unreadable) {
            return List.of("(" + log + " unreadable: " + unreadable.getMessage() + ")");
        }
    }

    public void awaitReady(Duration timeout) throws InterruptedException {
        awaitStatus("/q/health/ready", 200, timeout);
    }

    /** Waits until a GET of the path answers the status; fails at once if the process exits. */
    public void awaitStatus(String path, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                // the log goes with CI's clone: its last lines say why
                throw new AssertionError(name + " exited (" + process.exitValue() + "); see " + log + "; it ends:\n"
                        + String.join("\n", lastLines(20)));
            }
            try {
                if (get(path).statusCode() == status) {
                    return;
                }
            } catch (AssertionError notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + ": " + path + " did not answer " + status + " within " + timeout);
    }

    /** GET of a path; /q/... on the management interface. Fails if nothing answers. */
    public HttpResponse<String> get(String path) {
        try {
            URI server = path.startsWith("/q/") ? management : base;
            return HTTP.send(HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(name + ": no answer from " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * POSTs a document of src/test/resources/graphql with these variables and headers (name,
     * value, name, value, ...); null when the connection fails.
     */
    public HttpResponse<String> post(String document, Map<String, ?> variables, String... headers) {
        return postQuery(GraphQLClient.load(document), variables, headers);
    }

    /** As {@link #post}, with the query text itself. */
    public HttpResponse<String> postQuery(String query, Map<String, ?> variables, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(graphql()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("query", query).put("variables", new JsonObject(new HashMap<String, Object>(variables)))
                                .encode()));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** POSTs a document and returns the body, failing on no answer or on errors. */
    public JsonObject graphql(String document, Map<String, ?> variables, String... headers) {
        HttpResponse<String> response = post(document, variables, headers);
        if (response == null) {
            throw new AssertionError(name + ": no response to " + document);
        }
        JsonObject body = new JsonObject(response.body());
        if (body.getValue("errors") != null) {
            throw new AssertionError(name + ": " + document + ": " + response.body());
        }
        return body;
    }

    /** Kills the process (SIGKILL) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
