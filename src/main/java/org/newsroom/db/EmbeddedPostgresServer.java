package org.newsroom.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL per JVM, started on first demand.
 *
 * <p>Its JDBC URL is kept in a system property because Quarkus dev mode and test runs load the
 * application in more than one class loader; each of them must find the same server.
 */
final class EmbeddedPostgresServer {

    static final String USER = "postgres";

    /** Set to {@code false} to refuse the embedded server (a database must then be configured). */
    static final String ENABLED = "newsroom.embedded-postgres.enabled";
    /** Where the data directory lives; defaults depend on {@link #EPHEMERAL}. */
    static final String DATA_DIRECTORY = "newsroom.embedded-postgres.data-directory";
    /** {@code true} for a throw-away data directory (the test suite sets it). */
    static final String EPHEMERAL = "newsroom.embedded-postgres.ephemeral";
    private static final String RUNNING_URL = "newsroom.embedded-postgres.running-jdbc-url";
    /**
     * Set by the build while it runs the packaged application's static initialisation to record
     * the AppCDS archive: that run opens no connection and must not leave a database behind in
     * target/quarkus-app (which the image copies).
     */
    private static final String RECORDING_APPCDS_ARCHIVE = "quarkus.appcds.generate";

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);

    private EmbeddedPostgresServer() {
    }

    static boolean wanted() {
        return !"false".equalsIgnoreCase(setting(ENABLED)) && !datasourceConfiguredElsewhere()
                && !Boolean.getBoolean(RECORDING_APPCDS_ARCHIVE);
    }

    static synchronized String jdbcUrl() {
        String running = System.getProperty(RUNNING_URL);
        if (running != null) {
            return running;
        }
        String url = start();
        System.setProperty(RUNNING_URL, url);
        return url;
    }

    private static String start() {
        boolean ephemeral = "true".equalsIgnoreCase(setting(EPHEMERAL));
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setLocaleConfig("locale", "C")
                    // Sorting stays byte order; character classes must know non-ASCII letters,
                    // or pg_trgm finds no trigrams in Urdu text (search's similarity fallback).
                    .setLocaleConfig("lc-ctype", "C.UTF-8")
                    .setServerConfig("max_connections", "200")
                    // Tests count the statements a request runs (RateLimitTest), utility statements aside.
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track_utility", "off")
                    .setCleanDataDirectory(ephemeral);
            if (!ephemeral) {
                Path dataDirectory = persistentDataDirectory();
                Files.createDirectories(dataDirectory.getParent());
                builder.setDataDirectory(dataDirectory);
            }
            EmbeddedPostgres server = builder.start();
            String url = server.getJdbcUrl(USER, "postgres");
            LOG.infof("No datasource configured: started embedded PostgreSQL on port %d (%s data)",
                    server.getPort(), ephemeral ? "throw-away" : "persistent");
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    private static Path persistentDataDirectory() {
        String configured = setting(DATA_DIRECTORY);
        return (configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(".data", "postgres"))
                .toAbsolutePath();
    }

    private static boolean datasourceConfiguredElsewhere() {
        String fromProperty = System.getProperty(EmbeddedPostgresConfigSource.URL);
        String fromEnvironment = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        return (fromProperty != null && !fromProperty.isBlank())
                || (fromEnvironment != null && !fromEnvironment.isBlank());
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name.toUpperCase().replace('.', '_').replace('-', '_'));
        }
        return value;
    }
}
