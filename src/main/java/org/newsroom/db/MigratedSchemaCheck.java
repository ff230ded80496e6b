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
import org.jboss.logging.Logger;

/**
 * Readiness: DOWN until the database holds this build's newest migration. Pods that do not
 * migrate at start (the Kubernetes manifests run the migrations once, in a Job, before the pods
 * need them) get no traffic on an older schema; one indexed lookup of Flyway's history table, and
 * none once it has passed, since a schema never goes back. Hibernate's own schema validation is
 * off in production (Flyway is the authority and the tests validate the mapping). Scheduled jobs
 * that need the schema wait for the same state ({@link SchemaNotMigrated}). The state is logged when
 * it changes, not at every probe.
 */
@Readiness
@ApplicationScoped
public class MigratedSchemaCheck implements HealthCheck {

    /** The version of the newest file in {@code db/migration}; {@code MigratedSchemaCheckTest} keeps them equal. */
    static final String NEWEST_MIGRATION = "34";

    private static final String APPLIED = "select count(*) from flyway_schema_history where version = ? and success";

    private static final Logger LOG = Logger.getLogger(MigratedSchemaCheck.class);

    @Inject
    DataSource dataSource;

    private volatile boolean migrated;
    /** Whether the schema was found not migrated (and said so in the log); guarded by this. */
    private boolean reportedUnmigrated;

    @Override
    public HealthCheckResponse call() {
        String problem = migrated ? null : problem();
        return HealthCheckResponse.named("Database schema migrated").status(problem == null)
                .withData("required-version", NEWEST_MIGRATION)
                .withData("problem", problem == null ? "none" : problem)
                .build();
    }

    /** Whether the database holds this build's newest migration (asked until it does, then never again). */
    public boolean migrated() {
        return migrated || problem() == null;
    }

    /** Why the schema is not migrated yet, or null once it is. */
    private synchronized String problem() {
        if (migrated) {
            return null;
        }
        String problem;
        try {
            migrated = newestMigrationApplied();
            problem = migrated ? null : "migration " + NEWEST_MIGRATION + " not applied yet (run the migration step)";
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem != null && !reportedUnmigrated) {
            reportedUnmigrated = true;
            LOG.warnf("Database schema not migrated to %s (%s): not ready, scheduled jobs wait until it is",
                    NEWEST_MIGRATION, problem);
        } else if (problem == null && reportedUnmigrated) {
            LOG.infof("Database schema migrated to %s now: ready, scheduled jobs run", NEWEST_MIGRATION);
        }
        return problem;
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
