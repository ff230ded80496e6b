package org.newsroom.db;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;

/**
 * The database's setup as a step of its own: with {@code newsroom.exit-after-start=true} the
 * service starts (Flyway migrates, the seed is imported: whatever the start does to the database)
 * and exits with status 0 once every other start-up observer has run. The Kubernetes manifests run
 * it as a Job, so that the pods neither migrate nor import at start (docs/operations.md, "Migrations").
 */
@ApplicationScoped
public class SetupStep {

    private static final Logger LOG = Logger.getLogger(SetupStep.class);

    @ConfigProperty(name = "newsroom.exit-after-start", defaultValue = "false")
    boolean exitAfterStart;

    /** After the application's observers (which run at the default priority, 2500). */
    void exitWhenDone(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent started) {
        if (exitAfterStart) {
            LOG.info("Database set up (newsroom.exit-after-start): exiting");
            Quarkus.asyncExit(0);
        }
    }
}
