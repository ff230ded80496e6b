package org.newsroom.graphql;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;

/**
 * Counts refused requests per limit in {@code graphql_limit_breaches_total{limit=...}}, so an
 * attack (or a client that outgrew a limit) shows up on a dashboard.
 */
public final class LimitBreaches {

    static final String COUNTER = "graphql.limit.breaches";

    public static final String URL_LENGTH = "url-length";
    public static final String HEADER_SIZE = "header-size";
    public static final String BODY_SIZE = "body-size";
    public static final String BATCH = "batch";
    public static final String VARIABLES_SIZE = "variables-size";
    public static final String VARIABLES_DEPTH = "variables-depth";
    public static final String TOKENS = "tokens";
    public static final String FIELDS = "fields";
    public static final String ALIASES = "aliases";
    public static final String ROOT_FIELDS = "root-fields";
    public static final String DEPTH = "depth";
    public static final String COMPLEXITY = "complexity";
    public static final String STATEMENT_TIMEOUT = "statement-timeout";

    private LimitBreaches() {
    }

    public static void count(String limit) {
        // Looked up each time: breaches are rare, and a restarted application has a new registry.
        Arc.container().select(MeterRegistry.class).get().counter(COUNTER, "limit", limit).increment();
    }
}
