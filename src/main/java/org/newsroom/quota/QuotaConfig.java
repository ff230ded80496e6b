package org.newsroom.quota;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** Query cost and rate limits (docs/api.md and docs/operations.md, "Rate limits"); defaults in application.properties. */
@ConfigMapping(prefix = "newsroom.quota")
public interface QuotaConfig {

    /** The highest cost one operation may have; above it the operation is refused before it runs. */
    long maxCost();

    RateLimit rateLimit();

    interface RateLimit {

        /** A bucket refills its whole budget over this time. */
        Duration window();

        /** Callers with the role {@code partner} (API keys), keyed by {@code partner:<id>}. */
        Budget partner();

        /** Callers with a bearer token, keyed by its subject. */
        Budget editor();

        /** Callers without credentials, keyed by client address. */
        Budget anonymous();

        /** Budgets for particular callers (by key, e.g. {@code "partner:7"}), whatever their class. */
        Map<String, Long> callers();
    }

    interface Budget {

        boolean enabled();

        /** Cost points per window. */
        long points();
    }
}
