package org.newsroom.quota;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Query cost and rate limits (docs/api.md and docs/operations.md, "Rate limits"); defaults in application.properties. */
@ConfigMapping(prefix = "newsroom.quota")
public interface QuotaConfig {

    /** The highest cost one operation may have; above it the operation is refused before it runs. */
    long maxCost();

    RateLimit rateLimit();

    interface RateLimit {

        /** A bucket refills its whole budget over this time. */
        Duration window();

        /** Callers with the role {@code partner} (API keys), keyed by {@code partner:<id>}; buckets synced across replicas. */
        Budget partner();

        /** Callers with a bearer token, keyed by its subject. */
        Budget editor();

        /** Callers without credentials, keyed by client address; their buckets are in memory, per replica. */
        Budget anonymous();

        /** Budgets for particular callers (by key, e.g. {@code "partner:7"}), whatever their class. */
        Map<String, Long> callers();

        /**
         * The most anonymous callers whose buckets one replica holds in memory ({@link AnonymousBuckets});
         * past it the least recently seen are forgotten (and start again with a full budget).
         */
        @WithDefault("100000")
        long anonymousBuckets();

        /**
         * How often each replica adds what partners and token holders spent on it to the shared
         * buckets in PostgreSQL and learns what the other replicas spent ({@link RateLimiter#sync()}).
         */
        @WithDefault("1s")
        Duration syncInterval();

        /**
         * The most partner and token holder buckets one replica holds in memory ({@link RateLimiter});
         * past it the least recently seen are forgotten (after their spending is synced). A bucket
         * full again with nothing to sync is dropped at the next sync.
         */
        @WithDefault("100000")
        long syncedBuckets();

        /**
         * The most buckets whose shared balance one sync reads besides those of the callers that
         * spent here (held buckets that are not full: callers who may have spent on other
         * replicas); past it the least recently refreshed go first and the rest wait for the next sync.
         */
        @WithDefault("10000")
        int refreshedBuckets();
    }

    interface Budget {

        boolean enabled();

        /** Cost points per window. */
        long points();
    }
}
