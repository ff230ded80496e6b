package org.newsroom.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Partners' and token holders' token buckets: taken from in this replica's memory (Bucket4j, the
 * rules of {@link LocalBuckets}), so a request costs no database statement for its rate limit,
 * and kept in line with every other replica through PostgreSQL ({@code rate_limit_bucket}, one row
 * per caller). Every {@code newsroom.quota.rate-limit.sync-interval}, {@link #sync()} adds what
 * each caller spent here since the last sync to its shared row, all callers in one statement, and
 * brings each local bucket to the shared balance (what every replica spent) minus what was spent
 * here meanwhile. A caller this replica has not seen starts with a full bucket and learns the
 * shared balance at the first sync after its first request. The tolerance this leaves, and why:
 * docs/decisions/caching-and-rate-limits.md.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /**
     * Adds each caller's spending to its shared row (a new row starts full) and returns the
     * balances. The shared balance is refilled up to now (never above the budget) before the
     * spending is taken from it, and may go below zero: that debt is what the replicas let through
     * before they heard of each other's spending. Callers come sorted, so that two replicas
     * syncing the same callers lock their rows in the same order.
     */
    private static final String SYNC = "insert into rate_limit_bucket as b (caller, budget, tokens, refilled_at) "
            + "select caller, budget, budget - spent, now() "
            + "from unnest(?::text[], ?::float8[], ?::float8[]) as synced(caller, budget, spent) "
            + "on conflict (caller) do update set "
            + "tokens = least(excluded.budget, b.tokens + excluded.budget / ? "
            + "* greatest(0, extract(epoch from now() - b.refilled_at)::float8)) - (excluded.budget - excluded.tokens), "
            + "budget = excluded.budget, "
            + "refilled_at = greatest(b.refilled_at, now()) "
            + "returning caller, tokens";

    /** Rows full again: untouched for a window, or for as many windows as it takes to refill a debt. */
    private static final String FORGET_IDLE = "delete from rate_limit_bucket where refilled_at < now() - ? * interval '1 second' "
            + "and (tokens >= 0 or budget is null "
            + "or refilled_at < now() - ? * interval '1 second' * (budget - tokens) / nullif(budget, 0))";

    private final DataSource dataSource;
    private final Duration window;
    private final Cache<String, Held> buckets;
    /** Spending of buckets forgotten (past the bound) before their next sync: still to be added to the shared rows. */
    private final ConcurrentMap<String, Spent> forgotten = new ConcurrentHashMap<>();

    private final AtomicLong lastOutageLog = new AtomicLong();
    private ScheduledExecutorService cleaner;

    /** What the bucket said: whether the request may run, and the numbers for the headers. */
    public record Decision(boolean allowed, long limit, long remaining, Duration resetAfter, Duration retryAfter,
            Duration window) {

        public Instant resetAt(Instant now) {
            return now.plus(resetAfter);
        }
    }

    private record Spent(long budget, long points) {
        Spent plus(Spent more) {
            return new Spent(more.budget(), points + more.points());
        }
    }

    /** A caller's bucket here, and what was taken from it since its last sync. */
    private static final class Held {
        final long budget;
        final Bucket bucket;
        private long unsynced; // guarded by this

        Held(long budget, Duration window) {
            this.budget = budget;
            this.bucket = LocalBuckets.bucket(budget, window);
        }

        synchronized ConsumptionProbe take(long cost) {
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(cost);
            if (probe.isConsumed()) {
                unsynced += cost;
            }
            return probe;
        }

        /** What was taken since the last sync, which is now under way. */
        synchronized long startSync() {
            long spent = unsynced;
            unsynced = 0;
            return spent;
        }

        /** Brings the bucket to the shared balance, less what was taken here while the sync ran. */
        synchronized void align(double shared) {
            long difference = (long) Math.floor(shared) - unsynced - bucket.getAvailableTokens();
            if (difference > 0) {
                bucket.addTokens(difference);
            } else if (difference < 0) {
                bucket.consumeIgnoringRateLimits(-difference);
            }
        }
    }

    @Inject
    public RateLimiter(DataSource dataSource, QuotaConfig config) {
        this(dataSource, config.rateLimit().window(), config.rateLimit().syncedBuckets());
    }

    /** A limiter of its own (the tests' second replica): buckets of {@code window}, at most {@code maxBuckets} held. */
    RateLimiter(DataSource dataSource, Duration window, long maxBuckets) {
        this.dataSource = dataSource;
        this.window = window;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .expireAfterAccess(window)
                .<String, Held>evictionListener((caller, held, cause) -> {
                    if (cause != RemovalCause.REPLACED && caller != null && held != null) {
                        long spent = held.startSync();
                        if (spent > 0) {
                            forgotten.merge(caller, new Spent(held.budget, spent), Spent::plus);
                        }
                    }
                })
                .build();
    }

    /**
     * Takes {@code cost} points from the caller's bucket of {@code budget} points in this
     * replica's memory; what is taken reaches the shared row at the next {@link #sync()}.
     */
    public Decision take(String caller, long budget, long cost) {
        Held held = buckets.asMap().compute(caller,
                (key, old) -> old != null && old.budget == budget ? old : carriedOver(key, old, budget));
        return LocalBuckets.decision(held.take(cost), budget, cost, window);
    }

    /** A new bucket (first request here, or a changed budget); what the old one took still gets synced. */
    private Held carriedOver(String caller, Held old, long budget) {
        if (old != null) {
            long spent = old.startSync();
            if (spent > 0) {
                forgotten.merge(caller, new Spent(old.budget, spent), Spent::plus);
            }
        }
        return new Held(budget, window);
    }

    @Scheduled(every = "${newsroom.quota.rate-limit.sync-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSync() {
        sync();
    }

    /**
     * Adds what each caller spent here since the last sync to its shared row and brings its bucket
     * here to the shared balance: one statement for all callers that spent, none when none did.
     * When the database cannot be asked, what was spent meanwhile is not charged later (fail open:
     * each replica goes on holding callers to the budget on its own). The number of callers synced.
     * One sync at a time (the scheduled one and one asked for, e.g. at shutdown).
     */
    public synchronized int sync() {
        Map<String, Spent> spending = new TreeMap<>();
        Map<String, Held> synced = new TreeMap<>();
        for (String caller : forgotten.keySet()) {
            Spent spent = forgotten.remove(caller);
            if (spent != null) {
                spending.merge(caller, spent, Spent::plus);
            }
        }
        buckets.asMap().forEach((caller, held) -> {
            long spent = held.startSync();
            if (spent > 0) {
                spending.merge(caller, new Spent(held.budget, spent), Spent::plus);
                synced.put(caller, held);
            }
        });
        if (spending.isEmpty()) {
            return 0;
        }
        String[] callers = new String[spending.size()];
        Double[] budgets = new Double[spending.size()];
        Double[] spent = new Double[spending.size()];
        int i = 0;
        for (Map.Entry<String, Spent> caller : spending.entrySet()) {
            callers[i] = caller.getKey();
            budgets[i] = (double) caller.getValue().budget();
            spent[i] = (double) caller.getValue().points();
            i++;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement sync = connection.prepareStatement(SYNC)) {
            sync.setQueryTimeout(2);
            sync.setArray(1, connection.createArrayOf("text", callers));
            sync.setArray(2, connection.createArrayOf("float8", budgets));
            sync.setArray(3, connection.createArrayOf("float8", spent));
            sync.setDouble(4, Math.max(1, window.toMillis()) / 1000.0);
            try (ResultSet rows = sync.executeQuery()) {
                while (rows.next()) {
                    Held held = synced.get(rows.getString(1));
                    if (held != null && buckets.policy().getIfPresentQuietly(rows.getString(1)) == held) {
                        held.align(rows.getDouble(2));
                    }
                }
            }
            return callers.length;
        } catch (SQLException | RuntimeException e) {
            outage(e.getMessage());
            return 0;
        }
    }

    private void outage(String message) {
        long now = System.currentTimeMillis();
        long last = lastOutageLog.get();
        if (now - last > 10_000 && lastOutageLog.compareAndSet(last, now)) {
            LOG.warnf("Rate limits: the database could not be asked (%s); each replica holds partners and token "
                    + "holders to their budgets on its own meanwhile", message);
        }
    }

    void startCleaning(@Observes StartupEvent startup) {
        cleaner = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "newsroom-rate-limit-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        cleaner.scheduleWithFixedDelay(this::forgetIdleBuckets, 10, 10, TimeUnit.MINUTES);
    }

    void stopCleaning(@Observes ShutdownEvent shutdown) {
        sync(); // what was spent since the last sync still counts on the other replicas
        if (cleaner != null) {
            cleaner.shutdownNow();
        }
    }

    /** A shared row refilled up to its budget is the same as no row. */
    void forgetIdleBuckets() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement forget = connection.prepareStatement(FORGET_IDLE)) {
            forget.setLong(1, window.toSeconds());
            forget.setLong(2, window.toSeconds());
            forget.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("Rate limits: idle buckets not cleaned up this time (%s)", e.getMessage());
        }
    }
}
