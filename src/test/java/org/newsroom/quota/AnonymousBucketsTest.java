package org.newsroom.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The anonymous buckets held in memory: the budget rules of the database buckets, and a bound on
 * how many addresses one replica remembers (HTTP behaviour: RateLimitTest).
 */
class AnonymousBucketsTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aFloodOfAddressesHoldsNoMoreBucketsThanTheBound() {
        AnonymousBuckets buckets = new AnonymousBuckets(config(HOUR, 100));
        for (int i = 0; i < 5_000; i++) {
            buckets.take("anonymous:10.0." + (i / 256) + "." + (i % 256), 10, 1);
        }
        assertTrue(buckets.held() <= 100, "buckets held: " + buckets.held());
    }

    @Test
    void aBucketGivesItsBudgetThenRefusesWithTheTimeToWait() {
        AnonymousBuckets buckets = new AnonymousBuckets(config(HOUR, 100));
        RateLimiter.Decision first = buckets.take("anonymous:192.0.2.1", 3, 2);
        assertTrue(first.allowed());
        assertEquals(3, first.limit());
        assertEquals(1, first.remaining());
        assertTrue(first.resetAfter().toSeconds() > 0 && first.resetAfter().toSeconds() <= 2400, first.toString());

        RateLimiter.Decision refused = buckets.take("anonymous:192.0.2.1", 3, 2);
        assertFalse(refused.allowed());
        assertEquals(1, refused.remaining(), "a refused request takes nothing");
        long retry = refused.retryAfter().toSeconds();
        assertTrue(retry > 0 && retry <= 1200, "one more point comes after a third of the hour: " + retry);

        assertTrue(buckets.take("anonymous:192.0.2.1", 3, 1).allowed(), "what is left can still be spent");
        assertTrue(buckets.take("anonymous:192.0.2.2", 3, 3).allowed(), "another address has its own bucket");
        assertFalse(buckets.take("anonymous:192.0.2.3", 3, 4).allowed(), "more than the whole budget never runs");
    }

    private static QuotaConfig config(Duration window, long maxBuckets) {
        QuotaConfig.RateLimit rateLimit = new QuotaConfig.RateLimit() {
            @Override
            public Duration window() {
                return window;
            }

            @Override
            public QuotaConfig.Budget partner() {
                throw new UnsupportedOperationException();
            }

            @Override
            public QuotaConfig.Budget editor() {
                throw new UnsupportedOperationException();
            }

            @Override
            public QuotaConfig.Budget anonymous() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Map<String, Long> callers() {
                return Map.of();
            }

            @Override
            public long anonymousBuckets() {
                return maxBuckets;
            }

            @Override
            public Duration syncInterval() {
                return Duration.ofSeconds(1);
            }

            @Override
            public long syncedBuckets() {
                return maxBuckets;
            }

            @Override
            public int refreshedBuckets() {
                return (int) maxBuckets;
            }
        };
        return new QuotaConfig() {
            @Override
            public long maxCost() {
                return 10_000;
            }

            @Override
            public RateLimit rateLimit() {
                return rateLimit;
            }
        };
    }
}
