package org.newsroom.db;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.Readiness;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * {@code @Scheduled(skipExecutionIf = SchemaNotMigrated.class)}: a job that needs the schema skips its
 * runs while the database lacks this build's newest migration (a pod started before the migration
 * step), rather than failing and logging an error at each.
 */
@Singleton
public class SchemaNotMigrated implements Scheduled.SkipPredicate {

    @Inject
    @Readiness
    MigratedSchemaCheck schema;

    @Override
    public boolean test(ScheduledExecution execution) {
        return !schema.migrated();
    }
}
