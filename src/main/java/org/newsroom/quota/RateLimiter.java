package org.newsroom.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.newsroom.db.ParameterMarks;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Token buckets in PostgreSQL, one per partner or token holder, shared by every replica (anonymous
 * callers' are in memory: {@link AnonymousBuckets}). A bucket holds up to its
 * budget in cost points and refills continuously at budget per window; a request takes its cost
 * or, when there is not enough, nothing and is refused. Taking is one atomic upsert: concurrent
 * requests of one caller queue on its row, so the budget holds however many replicas there are.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** The bucket after a refill up to now (never more than the budget; clocks of two transactions may differ). */
    private static final String REFILLED = "least(?, b.tokens + ? * greatest(0, extract(epoch from now() - b.refilled_at)::float8))";

    private static final String TAKE = "insert into rate_limit_bucket as b (caller, tokens, refilled_at, allowed) "
            + "values (?, ?, now(), true) on conflict (caller) do update set "
            + "tokens = " + REFILLED + " - case when " + REFILLED + " >= ? then ? else 0 end, "
            + "allowed = " + REFILLED + " >= ?, "
            + "refilled_at = greatest(b.refilled_at, now()) "
            + "returning tokens, allowed";

    /** TAKE with PostgreSQL's own parameter marks, for Vert.x's client. */
    private static final String NUMBERED_TAKE = ParameterMarks.numbered(TAKE);

    private static final String FORGET_IDLE = "delete from rate_limit_bucket where refilled_at < now() - ? * interval '1 second'";

    @Inject
    DataSource dataSource;

    @Inject
    QuotaConfig config;

    private final AtomicLong lastOutageLog = new AtomicLong();
    private ScheduledExecutorService cleaner;

    /** What the bucket said: whether the request may run, and the numbers for the headers. */
    public record Decision(boolean allowed, long limit, long remaining, Duration resetAfter, Duration retryAfter,
            Duration window) {

        public Instant resetAt(Instant now) {
            return now.plus(resetAfter);
        }
    }

    /**
     * Takes {@code cost} points from the caller's bucket of {@code budget} points; null when the
     * database could not be asked: then the request goes through (fail open), because without the
     * database it fails anyway, and refusing it here would only hide the real error.
     */
    public Decision take(String caller, long budget, long cost) {
        Duration window = config.rateLimit().window();
        double perSecond = (double) budget / Math.max(1, window.toMillis()) * 1000.0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement take = connection.prepareStatement(TAKE)) {
            take.setQueryTimeout(2);
            take.setString(1, caller);
            take.setDouble(2, (double) budget - cost);
            setRefill(take, 3, budget, perSecond);
            setRefill(take, 5, budget, perSecond);
            take.setDouble(7, cost);
            take.setDouble(8, cost);
            setRefill(take, 9, budget, perSecond);
            take.setDouble(11, cost);
            try (ResultSet row = take.executeQuery()) {
                row.next();
                return decision(row.getDouble(1), row.getBoolean(2), budget, cost, perSecond, window);
            }
        } catch (SQLException e) {
            outage(e.getMessage());
            return null;
        }
    }

    /**
     * The same as {@link #take}, over a connection of Vert.x's PostgreSQL client: for callers on an
     * event loop. Completes with null when the database could not be asked.
     */
    public Future<Decision> take(Pool pool, String caller, long budget, long cost) {
        Duration window = config.rateLimit().window();
        double perSecond = (double) budget / Math.max(1, window.toMillis()) * 1000.0;
        Tuple parameters = Tuple.of(caller, (double) budget - cost, (double) budget, perSecond, (double) budget,
                perSecond, (double) cost, (double) cost).addDouble((double) budget).addDouble(perSecond)
                .addDouble((double) cost);
        return pool.preparedQuery(NUMBERED_TAKE).execute(parameters)
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return decision(row.getDouble(0), row.getBoolean(1), budget, cost, perSecond, window);
                })
                .otherwise(failure -> {
                    outage(failure.getMessage());
                    return null;
                });
    }

    private void outage(String message) {
        long now = System.currentTimeMillis();
        long last = lastOutageLog.get();
        if (now - last > 10_000 && lastOutageLog.compareAndSet(last, now)) {
            LOG.warnf("Rate limits: the database could not be asked (%s); requests are let through meanwhile",
                    message);
        }
    }

    private static void setRefill(PreparedStatement statement, int index, long budget, double perSecond)
            throws SQLException {
        statement.setDouble(index, budget);
        statement.setDouble(index + 1, perSecond);
    }

    private static Decision decision(double tokens, boolean allowed, long budget, long cost, double perSecond,
            Duration window) {
        long remaining = (long) Math.floor(Math.max(0, tokens));
        Duration resetAfter = seconds((budget - tokens) / perSecond);
        Duration retryAfter = allowed ? Duration.ZERO : seconds((cost - tokens) / perSecond);
        return new Decision(allowed, budget, remaining, resetAfter, retryAfter, window);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofSeconds((long) Math.ceil(Math.max(0, seconds)));
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
        if (cleaner != null) {
            cleaner.shutdownNow();
        }
    }

    /** A bucket untouched for a whole window is full again: the same as no bucket. */
    void forgetIdleBuckets() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement forget = connection.prepareStatement(FORGET_IDLE)) {
            forget.setLong(1, config.rateLimit().window().toSeconds());
            forget.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("Rate limits: idle buckets not cleaned up this time (%s)", e.getMessage());
        }
    }
}
