package org.newsroom.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN until the database holds this build's newest migration. Pods that do not
 * migrate at start (the Kubernetes manifests run the migrations once, in a Job, before the pods
 * need them) get no traffic on an older schema; one indexed lookup of Flyway's history table, and
 * none once it has passed, since a schema never goes back. Hibernate's own schema validation is
 * off in production (Flyway is the authority and the tests validate the mapping).
 */
@Readiness
@ApplicationScoped
public class MigratedSchemaCheck implements HealthCheck {

    /** The version of the newest file in {@code db/migration}; {@code MigratedSchemaCheckTest} keeps them equal. */
    static final String NEWEST_MIGRATION = "32";

    private static final String APPLIED = "select count(*) from flyway_schema_history where version = ? and success";

    @Inject
    DataSource dataSource;

    private volatile boolean migrated;

    @Override
    public HealthCheckResponse call() {
        String problem = null;
        if (!migrated) {
            try {
                migrated = newestMigrationApplied();
            } catch (SQLException e) {
                problem = e.getMessage();
            }
        }
        return HealthCheckResponse.named("Database schema migrated").status(migrated)
                .withData("required-version", NEWEST_MIGRATION)
                .withData("problem", migrated ? "none" : problem != null ? problem
                        : "migration " + NEWEST_MIGRATION + " not applied yet (run the migration step)")
                .build();
    }

    private boolean newestMigrationApplied() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement applied = connection.prepareStatement(APPLIED)) {
            applied.setString(1, NEWEST_MIGRATION);
            try (ResultSet rows = applied.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        }
    }
}
