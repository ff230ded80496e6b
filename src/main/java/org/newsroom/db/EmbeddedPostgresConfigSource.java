package org.newsroom.db;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource of an embedded PostgreSQL when no database is configured.
 *
 * <p>The server starts lazily, the first time the JDBC URL is read, so a build that never opens a
 * connection never starts one. Any configured URL (environment, system property,
 * application.properties) has a higher ordinal and wins; this source then stays silent.
 */
public class EmbeddedPostgresConfigSource implements ConfigSource {

    static final String URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    private static final int ORDINAL = 50;

    @Override
    public Set<String> getPropertyNames() {
        return EmbeddedPostgresServer.wanted() ? Set.of(URL, USERNAME) : Set.of();
    }

    @Override
    public Map<String, String> getProperties() {
        // Listing properties must not start a server; values are produced on demand only.
        return Map.of();
    }

    @Override
    public String getValue(String propertyName) {
        if (!URL.equals(propertyName) && !USERNAME.equals(propertyName)) {
            return null;
        }
        if (!EmbeddedPostgresServer.wanted()) {
            return null;
        }
        if (readByTheBuild()) {
            // The build reads runtime properties too; it must neither start a server nor record its URL.
            return null;
        }
        return URL.equals(propertyName) ? EmbeddedPostgresServer.jdbcUrl() : EmbeddedPostgresServer.USER;
    }

    private static boolean readByTheBuild() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame ->
                frame.getClassName().startsWith("io.quarkus.deployment.configuration.")
                        || frame.getClassName().startsWith("io.quarkus.builder.")));
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "embedded-postgres";
    }
}
