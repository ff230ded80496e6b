package org.newsroom.quota;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.SynchronizationStrategy;

/**
 * Anonymous callers' token buckets, in this replica's memory (Bucket4j): taking costs no database
 * statement. The same rules as {@link RateLimiter}'s buckets: up to the budget in cost points,
 * refilled continuously at budget per window; a request takes its cost or, when there is not
 * enough, nothing. Each replica counts on its own, so a client that spreads its requests over N
 * replicas may spend up to N budgets (docs/decisions/caching-and-rate-limits.md).
 * <p>
 * The buckets are bounded in number ({@code newsroom.quota.rate-limit.anonymous-buckets}): a bucket
 * untouched for a whole window is full again and is forgotten; past the bound the least recently
 * used go first, so a flood of addresses costs memory up to the bound and no more.
 */
@ApplicationScoped
public class AnonymousBuckets {

    private final Cache<String, Held> buckets;
    private final Duration window;

    /** A caller's bucket and the budget it was made for (budgets are configuration; this guards a change). */
    private record Held(long budget, Bucket bucket) {
    }

    @Inject
    public AnonymousBuckets(QuotaConfig config) {
        this.window = config.rateLimit().window();
        this.buckets = Caffeine.newBuilder()
                .maximumSize(config.rateLimit().anonymousBuckets())
                .expireAfterAccess(window)
                .build();
    }

    /** Takes {@code cost} points from the bucket of {@code caller} (a key such as {@code anonymous:203.0.113.9}). */
    public RateLimiter.Decision take(String caller, long budget, long cost) {
        // A plain read first: Caffeine counts compute() as a write (its write buffer and a maintenance
        // task per call), which the steady state, a caller seen before, does not need.
        Held held = buckets.getIfPresent(caller);
        if (held == null || held.budget() != budget) {
            held = buckets.asMap().compute(caller,
                    (key, old) -> old != null && old.budget() == budget ? old : new Held(budget, bucket(budget)));
        }
        ConsumptionProbe probe = held.bucket().tryConsumeAndReturnRemaining(cost);
        return LocalBuckets.decision(probe, budget, cost, window);
    }

    /** How many buckets are held now (after pending evictions). */
    long held() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket bucket(long budget) {
        return LocalBuckets.bucket(budget, window, SynchronizationStrategy.SYNCHRONIZED);
    }
}
