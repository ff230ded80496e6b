package org.newsroom.replica;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.newsroom.quota.Quota;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Where a read of the read engine goes: the replica, unless none is configured, it is down, or the
 * caller wrote recently and the replica has not replayed that commit yet (read-your-writes, up to
 * {@link ReadReplicaConfig#readYourWrites()}). The one place that decides; docs/decisions/read-replicas.md.
 */
@ApplicationScoped
public class ReadRouting {

    public enum Server {
        PRIMARY, REPLICA
    }

    /** A commit's position in the WAL when it is not known: the caller reads from the primary until the time bound. */
    static final long UNKNOWN_POSITION = Long.MAX_VALUE;

    private static final Logger LOG = Logger.getLogger(ReadRouting.class);

    private record Write(long position, long at) {
    }

    private final ReadReplicaConfig config;
    private final DataSource primary;
    private final LongSupplier clock;

    private final Map<String, Write> writers = new ConcurrentHashMap<>();
    /** Set when more callers wrote than are remembered: everyone reads from the primary until it passes. */
    private volatile Write everyone;
    private volatile long replayed = -1;
    private volatile boolean up = true;
    private volatile long probeAt;

    private final Counter primaryReads;
    private final Counter replicaReads;

    @Inject
    ReadRouting(ReadReplicaConfig config, DataSource primary, MeterRegistry registry) {
        this(config, primary, registry, System::nanoTime);
    }

    ReadRouting(ReadReplicaConfig config, DataSource primary, MeterRegistry registry, LongSupplier clock) {
        this.config = config;
        this.primary = primary;
        this.clock = clock;
        primaryReads = Counter.builder("newsroom.read.engine.reads").tag("server", "primary")
                .description("Reads of the read engine (compiled path) answered, by server").register(registry);
        replicaReads = Counter.builder("newsroom.read.engine.reads").tag("server", "replica")
                .description("Reads of the read engine (compiled path) answered, by server").register(registry);
        if (replicaConfigured()) {
            Gauge.builder("newsroom.read.replica.up", this, routing -> routing.up ? 1 : 0)
                    .description("1 while the read replica answers, 0 while reads go to the primary").register(registry);
            Gauge.builder("newsroom.read.replica.waiting.writers", this, ReadRouting::waitingWriters)
                    .description("Callers who wrote and whose commit the replica has not replayed: they read from the primary")
                    .register(registry);
        }
    }

    public boolean replicaConfigured() {
        return config.url().filter(url -> !url.isBlank()).isPresent();
    }

    /** Where this caller's next read goes. */
    public Server route(Quota.Caller caller) {
        if (!replicaConfigured() || !up) {
            return Server.PRIMARY;
        }
        long now = clock.getAsLong();
        Write all = everyone;
        if (all != null) {
            if (waiting(all, now)) {
                return Server.PRIMARY;
            }
            everyone = null;
        }
        Write write = writers.get(caller.key());
        if (write == null) {
            return Server.REPLICA;
        }
        if (waiting(write, now)) {
            return Server.PRIMARY;
        }
        writers.remove(caller.key(), write);
        return Server.REPLICA;
    }

    private boolean waiting(Write write, long now) {
        return now - write.at() < config.readYourWrites().toNanos() && replayed < write.position();
    }

    /**
     * After a caller's write has committed: notes the primary's WAL position, which the replica
     * must have replayed before it serves this caller again. Blocks on the primary's JDBC pool.
     * The insert position, not the write position: with {@code synchronous_commit} off a commit
     * returns before the WAL writer has written its record, and the write position can still be
     * short of it (a writer then read from a replica that had not replayed its write).
     */
    public void recordWrite(Quota.Caller caller) {
        if (!replicaConfigured() || caller.kind() == Quota.CallerKind.ANONYMOUS) {
            return;
        }
        long position = UNKNOWN_POSITION;
        try (Connection connection = primary.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select pg_current_wal_insert_lsn()::text")) {
            if (row.next()) {
                position = position(row.getString(1));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("The primary's WAL position is unknown (%s): the writer reads from the primary for %s",
                    e.getMessage(), config.readYourWrites());
        }
        wrote(caller, position);
    }

    /** The caller's write committed at {@code position} (a WAL position, {@link #position(String)}). */
    public void wrote(Quota.Caller caller, long position) {
        if (!replicaConfigured()) {
            return;
        }
        long now = clock.getAsLong();
        LOG.debugf("%s wrote at WAL position %s; the replica has replayed %s", caller.key(),
                position == UNKNOWN_POSITION ? "unknown" : Long.toHexString(position), Long.toHexString(replayed));
        writers.merge(caller.key(), new Write(position, now),
                (earlier, later) -> new Write(Math.max(earlier.position(), later.position()), later.at()));
        if (writers.size() > config.maxWriters()) {
            writers.entrySet().removeIf(entry -> !waiting(entry.getValue(), now));
            if (writers.size() > config.maxWriters()) {
                long highest = writers.values().stream().mapToLong(Write::position).max().orElse(position);
                Write all = everyone;
                everyone = new Write(all == null ? highest : Math.max(all.position(), highest), now);
                writers.clear();
            }
        }
    }

    /** Callers whose reads wait for the replica to replay their write, or all of them while everyone waits. */
    double waitingWriters() {
        long now = clock.getAsLong();
        Write all = everyone;
        if (all != null && waiting(all, now)) {
            return writers.size() + config.maxWriters();
        }
        return writers.values().stream().filter(write -> waiting(write, now)).count();
    }

    /** What the latest probe read: the position up to which the replica has replayed the WAL. */
    public void replayed(long position) {
        replayed = position;
        if (!up) {
            up = true;
            LOG.info("The read replica answers again: the read engine reads from it");
        }
    }

    /**
     * A read on the replica failed: whether to run it on the primary instead. A connection failure
     * also marks the replica down until a probe after {@link ReadReplicaConfig#retryAfter()} finds
     * it back; one warning per outage.
     */
    public boolean retryOnPrimary(Throwable failure) {
        if (connectionFailure(failure)) {
            down(failure);
            return true;
        }
        // A query cancelled by the standby's recovery (a conflict with replay): the primary has no such conflict.
        return failure instanceof DatabaseException database && "40001".equals(database.getSqlState());
    }

    /** The probe could not reach the replica. */
    public void probeFailed(Throwable failure) {
        down(failure);
    }

    private synchronized void down(Throwable failure) {
        probeAt = clock.getAsLong() + config.retryAfter().toNanos();
        if (up) {
            up = false;
            LOG.warnf("The read replica cannot be reached (%s): the read engine reads from the primary and tries "
                    + "the replica again every %s", failure.toString(), human(config.retryAfter()));
        }
    }

    /** Whether the replica should be probed now: while it is up at each poll, while down after the back-off. */
    public boolean probeDue() {
        return up || clock.getAsLong() - probeAt >= 0;
    }

    public boolean replicaUp() {
        return replicaConfigured() && up;
    }

    public void answered(Server server) {
        (server == Server.REPLICA ? replicaReads : primaryReads).increment();
    }

    /** Whether a failure means the server could not be reached, dropped the connection or never answered. */
    static boolean connectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseException database) {
                String state = database.getSqlState();
                // 08: connection exceptions; 57P01-03: the server shuts down or is starting up.
                return state != null && (state.startsWith("08") || state.startsWith("57P0"));
            }
            if (cause instanceof IOException || cause instanceof ClosedConnectionException
                    || cause instanceof TimeoutException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** A {@code pg_lsn} as text ({@code 16/B374D848}) as a number that orders as the WAL does. */
    public static long position(String lsn) {
        int slash = lsn.indexOf('/');
        return Long.parseUnsignedLong(lsn.substring(0, slash), 16) << 32
                | Long.parseUnsignedLong(lsn.substring(slash + 1), 16);
    }

    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
