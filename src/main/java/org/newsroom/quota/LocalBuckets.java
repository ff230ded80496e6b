package org.newsroom.quota;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.SynchronizationStrategy;

/**
 * The token bucket rules shared by {@link AnonymousBuckets} and {@link RateLimiter}: up to the
 * budget in cost points, refilled continuously at budget per window (Bucket4j, in memory); a
 * request takes its cost or, when there is not enough, nothing.
 */
final class LocalBuckets {

    private LocalBuckets() {
    }

    /**
     * A bucket that updates its state in place under {@code synchronization} ({@code SYNCHRONIZED}: a
     * lock of its own; {@code NONE}: its holder's lock). Bucket4j's default, lock-free, copies the
     * whole state on every take: an allocation per request, for buckets that are almost never contended.
     */
    static Bucket bucket(long budget, Duration window, SynchronizationStrategy synchronization) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(budget).refillGreedy(budget, window))
                .withNanosecondPrecision()
                .withSynchronizationStrategy(synchronization)
                .build();
    }

    /** What a take from a bucket of {@code budget} points said, in the numbers the headers report. */
    static RateLimiter.Decision decision(ConsumptionProbe probe, long budget, long cost, Duration window) {
        long remaining = Math.max(0, probe.getRemainingTokens());
        double perSecond = (double) budget / Math.max(1, window.toMillis()) * 1000.0;
        Duration resetAfter = probe.getNanosToWaitForReset() == Long.MAX_VALUE
                ? seconds((budget - remaining) / perSecond)
                : seconds(probe.getNanosToWaitForReset() / 1e9);
        if (probe.isConsumed()) {
            return new RateLimiter.Decision(true, budget, remaining, resetAfter, Duration.ZERO, window);
        }
        Duration retryAfter = probe.getNanosToWaitForRefill() == Long.MAX_VALUE
                ? seconds((cost - remaining) / perSecond) // more than the whole budget: never, in effect
                : seconds(probe.getNanosToWaitForRefill() / 1e9);
        return new RateLimiter.Decision(false, budget, remaining, resetAfter, retryAfter, window);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofSeconds((long) Math.ceil(Math.max(0, seconds)));
    }
}
