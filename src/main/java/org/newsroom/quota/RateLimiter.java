package org.newsroom.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
import io.github.bucket4j.local.SynchronizationStrategy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;

/**
 * Partners' and token holders' token buckets: taken from in this replica's memory (Bucket4j, the
 * rules of {@link LocalBuckets}), so a request costs no database statement for its rate limit,
 * and kept in line with every other replica through PostgreSQL ({@code rate_limit_bucket}, one row
 * per caller). Every {@code newsroom.quota.rate-limit.sync-interval}, {@link #sync()} adds what
 * each caller spent here since the last sync to its shared row and reads the shared balance of the
 * other buckets held here that are not full (callers seen here that spent elsewhere meanwhile),
 * all in one statement, and brings each of those local buckets to the shared balance (what every
 * replica spent) minus what was spent here meanwhile. A bucket full again with nothing to sync is
 * dropped: it is the same as no bucket. A caller this replica does not hold starts with a full
 * bucket and learns the shared balance at the first sync after its first request. The tolerance
 * this leaves, and why: docs/decisions/caching-and-rate-limits.md.
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

    /**
     * {@link #SYNC} for the callers that spent here, and in the same statement the shared balances
     * of the callers held here that did not (refilled up to now, as the upsert does; no row is a
     * full bucket). The upsert and the read see the same snapshot; the two lists share no caller.
     */
    private static final String SYNC_AND_REFRESH = "with synced as (" + SYNC + ") "
            + "select caller, tokens from synced "
            + "union all "
            + "select refreshed.caller, coalesce(least(refreshed.budget, b.tokens + refreshed.budget / ? "
            + "* greatest(0, extract(epoch from now() - b.refilled_at)::float8)), refreshed.budget) "
            + "from unnest(?::text[], ?::float8[]) as refreshed(caller, budget) "
            + "left join rate_limit_bucket b on b.caller = refreshed.caller";

    /** Rows full again: untouched for a window, or for as many windows as it takes to refill a debt. */
    private static final String FORGET_IDLE = "delete from rate_limit_bucket where refilled_at < now() - ? * interval '1 second' "
            + "and (tokens >= 0 or budget is null "
            + "or refilled_at < now() - ? * interval '1 second' * (budget - tokens) / nullif(budget, 0))";

    private final DataSource dataSource;
    private final Duration window;
    private final int maxRefreshed;
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

    /** What one sync did: how many callers' spending it wrote, how many other buckets it brought to the shared balance. */
    public record Synced(int written, int refreshed) {
        static final Synced NOTHING = new Synced(0, 0);
    }

    private record Spent(long budget, long points) {
        Spent plus(Spent more) {
            return new Spent(more.budget(), points + more.points());
        }
    }

    /**
     * A caller's bucket here, and what was taken from it since its last sync. Once retired (dropped
     * or evicted, its spending handed over) it takes nothing more: a request that found it then
     * takes from the caller's next bucket, so no spending is lost between the two.
     */
    private static final class Held {
        final long budget;
        final Bucket bucket;
        private long unsynced; // guarded by this
        private volatile boolean retired;
        /** When the bucket was last brought to the shared balance (or made): the least recent are refreshed first. */
        private volatile long alignedAt = System.nanoTime();

        Held(long budget, Duration window) {
            this.budget = budget;
            this.bucket = LocalBuckets.bucket(budget, window, SynchronizationStrategy.NONE); // used only under this
        }

        /** The probe, or null when the bucket was retired meanwhile. */
        synchronized ConsumptionProbe take(long cost) {
            if (retired) {
                return null;
            }
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

        /** Takes no more; what was taken since the last sync, still to be synced. */
        synchronized long retire() {
            retired = true;
            return startSync();
        }

        /** Retires the bucket if it is full and nothing taken from it is left to sync. */
        synchronized boolean retireIfFullAndSynced() {
            if (unsynced == 0 && bucket.getAvailableTokens() >= budget) {
                retired = true;
            }
            return retired;
        }

        boolean retired() {
            return retired;
        }

        /** Brings the bucket to the shared balance, less what was taken here while the sync ran. */
        synchronized void align(double shared) {
            long difference = (long) Math.floor(shared) - unsynced - bucket.getAvailableTokens();
            if (difference > 0) {
                bucket.addTokens(difference);
            } else if (difference < 0) {
                bucket.consumeIgnoringRateLimits(-difference);
            }
            alignedAt = System.nanoTime();
        }
    }

    @Inject
    Scheduler scheduler;

    @Inject
    public RateLimiter(DataSource dataSource, QuotaConfig config) {
        this(dataSource, config.rateLimit().window(), config.rateLimit().syncedBuckets(),
                config.rateLimit().refreshedBuckets());
    }

    /**
     * A limiter of its own (the tests' second replica): buckets of {@code window}, at most
     * {@code maxBuckets} held, at most {@code maxRefreshed} of them refreshed per sync.
     */
    RateLimiter(DataSource dataSource, Duration window, long maxBuckets, int maxRefreshed) {
        this.dataSource = dataSource;
        this.window = window;
        this.maxRefreshed = maxRefreshed;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .<String, Held>evictionListener((caller, held, cause) -> {
                    if (cause != RemovalCause.REPLACED && caller != null && held != null) {
                        long spent = held.retire();
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
        while (true) {
            // A plain read first (compute() is a write to Caffeine); compute() only to make or replace the bucket.
            Held held = buckets.getIfPresent(caller);
            if (held == null || held.budget != budget || held.retired()) {
                held = buckets.asMap().compute(caller, (key, old) -> old != null && old.budget == budget
                        && !old.retired() ? old : carriedOver(key, old, budget));
            }
            ConsumptionProbe probe = held.take(cost);
            if (probe != null) {
                return LocalBuckets.decision(probe, budget, cost, window);
            }
        }
    }

    /** A new bucket (first request here, or a changed budget); what the old one took still gets synced. */
    private Held carriedOver(String caller, Held old, long budget) {
        if (old != null) {
            long spent = old.retire();
            if (spent > 0) {
                forgotten.merge(caller, new Spent(old.budget, spent), Spent::plus);
            }
        }
        return new Held(budget, window);
    }

    /**
     * The sync on the interval; none while the scheduler is paused, including one it fired just
     * before and that waited for another sync to finish (checked under the sync's own lock).
     */
    @Scheduled(every = "${newsroom.quota.rate-limit.sync-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void scheduledSync() {
        if (scheduler.isRunning()) {
            sync();
        }
    }

    /**
     * Adds what each caller spent here since the last sync to its shared row, reads the shared
     * balance of up to {@code refreshed-buckets} other buckets held here that are not full (the
     * least recently aligned first), and brings all of those buckets to the shared balance: one
     * statement, none when nobody spent and every bucket held is full. Buckets full with nothing to
     * sync are dropped. When the database cannot be asked, what was spent meanwhile is not charged
     * later (fail open: each replica goes on holding callers to the budget on its own). One sync at
     * a time (the scheduled one and one asked for, e.g. at shutdown).
     */
    public synchronized Synced sync() {
        Map<String, Spent> spending = new TreeMap<>();
        for (String caller : forgotten.keySet()) {
            Spent spent = forgotten.remove(caller);
            if (spent != null) {
                spending.merge(caller, spent, Spent::plus);
            }
        }
        Map<String, Held> aligned = new HashMap<>();
        List<Map.Entry<String, Held>> stale = new ArrayList<>();
        buckets.asMap().forEach((caller, held) -> {
            long spent = held.startSync();
            if (spent > 0) {
                spending.merge(caller, new Spent(held.budget, spent), Spent::plus);
            }
            if (spending.containsKey(caller)) {
                aligned.put(caller, held);
            } else if (held.retireIfFullAndSynced()) {
                buckets.asMap().remove(caller, held);
            } else {
                stale.add(Map.entry(caller, held));
            }
        });
        List<Map.Entry<String, Held>> toRefresh = stale;
        if (stale.size() > maxRefreshed) {
            stale.sort(Comparator.comparingLong(entry -> entry.getValue().alignedAt));
            toRefresh = stale.subList(0, maxRefreshed);
        }
        if (spending.isEmpty() && toRefresh.isEmpty()) {
            return Synced.NOTHING;
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
        String[] refreshed = new String[toRefresh.size()];
        Double[] refreshedBudgets = new Double[toRefresh.size()];
        for (int r = 0; r < refreshed.length; r++) {
            refreshed[r] = toRefresh.get(r).getKey();
            refreshedBudgets[r] = (double) toRefresh.get(r).getValue().budget;
            aligned.put(refreshed[r], toRefresh.get(r).getValue());
        }
        double windowSeconds = Math.max(1, window.toMillis()) / 1000.0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement sync = connection.prepareStatement(SYNC_AND_REFRESH)) {
            sync.setQueryTimeout(2);
            sync.setArray(1, connection.createArrayOf("text", callers));
            sync.setArray(2, connection.createArrayOf("float8", budgets));
            sync.setArray(3, connection.createArrayOf("float8", spent));
            sync.setDouble(4, windowSeconds);
            sync.setDouble(5, windowSeconds);
            sync.setArray(6, connection.createArrayOf("text", refreshed));
            sync.setArray(7, connection.createArrayOf("float8", refreshedBudgets));
            try (ResultSet rows = sync.executeQuery()) {
                while (rows.next()) {
                    String caller = rows.getString(1);
                    Held held = aligned.get(caller);
                    if (held != null && buckets.policy().getIfPresentQuietly(caller) == held) {
                        held.align(rows.getDouble(2));
                    }
                }
            }
            return new Synced(callers.length, refreshed.length);
        } catch (SQLException | RuntimeException e) {
            outage(e.getMessage());
            return Synced.NOTHING;
        }
    }

    /** How many buckets this replica holds now. */
    long held() {
        buckets.cleanUp();
        return buckets.estimatedSize();
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
