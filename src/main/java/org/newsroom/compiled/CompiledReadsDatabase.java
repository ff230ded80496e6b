package org.newsroom.compiled;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.newsroom.quota.Quota;
import org.newsroom.replica.ReadReplicaConfig;
import org.newsroom.replica.ReadRouting;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.runtime.StartupEvent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * The compiled read path's own connections: PostgreSQL's protocol driven by the event loops
 * (Vert.x's client), so that a compiled answer holds no thread while the database works. Same
 * server, database, user, password and statement timeout as the JDBC datasource, read from its
 * configuration; a JDBC URL with a parameter this client has no counterpart for leaves it off, and
 * compiled reads then run over JDBC on worker threads. With {@code newsroom.read-replica.url}, a
 * second pool reads from the replica, and {@link ReadRouting} says which of the two serves a read
 * (docs/decisions/read-replicas.md).
 */
@ApplicationScoped
public class CompiledReadsDatabase {

    private static final Logger LOG = Logger.getLogger(CompiledReadsDatabase.class);

    private static final String PRIMARY_METRICS = "compiled-reads";
    private static final String REPLICA_METRICS = "compiled-reads-replica";

    @Inject
    Vertx vertx;

    @Inject
    CompiledReadsConfig config;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @ConfigProperty(name = "newsroom.limits.statement-timeout", defaultValue = "5s")
    String statementTimeout;

    /** What a new connection runs first (application.properties: the server process keeps its memory). */
    @ConfigProperty(name = "newsroom.db.connection-warm-up")
    Optional<String> connectionWarmUp;

    @Inject
    ReadReplicaConfig replicaConfig;

    @Inject
    ReadRouting routing;

    @Inject
    MeterRegistry meters;

    private final AtomicInteger primaryInFlight = new AtomicInteger();
    private final AtomicInteger replicaInFlight = new AtomicInteger();

    private volatile Pool pool;
    private volatile boolean unavailable;
    private volatile Pool replica;
    private long probeTimer = -1;
    private final AtomicBoolean probing = new AtomicBoolean();

    void start(@Observes StartupEvent started) {
        if (routing.replicaConfigured() && pool() == null) {
            LOG.warn("newsroom.read-replica.url is set, but compiled reads run over JDBC (the datasource URL has "
                    + "parameters the asynchronous client cannot honour): every read goes to the primary");
        }
    }

    /** The pool, or null when the JDBC URL asks for something this client cannot do. */
    Pool pool() {
        Pool current = pool;
        if (current != null || unavailable) {
            return current;
        }
        synchronized (this) {
            if (pool == null && !unavailable) {
                PgConnectOptions options = options(jdbcUrl);
                if (options == null) {
                    unavailable = true;
                    return null;
                }
                username.ifPresent(options::setUser);
                password.ifPresent(options::setPassword);
                pool = warmedUp(Pool.pool(vertx, options, new PoolOptions().setMaxSize(config.maxConnections())));
                inFlightGauge(ReadRouting.Server.PRIMARY, primaryInFlight);
                replica = replicaPool();
            }
            return pool;
        }
    }

    private Pool replicaPool() {
        if (!routing.replicaConfigured()) {
            return null;
        }
        PgConnectOptions options = options(replicaConfig.url().get());
        if (options == null) {
            LOG.warnf("newsroom.read-replica.url is not a jdbc:postgresql://host[:port]/database URL this client "
                    + "can use: every read goes to the primary");
            return null;
        }
        replicaConfig.username().or(() -> username).ifPresent(options::setUser);
        replicaConfig.password().or(() -> password).ifPresent(options::setPassword);
        // A replica that drops packets is found down in seconds, not after the client's default minute.
        options.setMetricsName(REPLICA_METRICS).setConnectTimeout(2_000).setTcpKeepAlive(true);
        Pool created = warmedUp(Pool.pool(vertx, options,
                new PoolOptions().setMaxSize(config.maxConnections()).setName(REPLICA_METRICS)));
        inFlightGauge(ReadRouting.Server.REPLICA, replicaInFlight);
        long interval = Math.max(100, replicaConfig.pollInterval().toMillis());
        probeTimer = vertx.setPeriodic(interval, interval, id -> probe(created));
        return created;
    }

    /** The pool, each new connection of which runs the warm-up before its first read (failed or not). */
    private Pool warmedUp(Pool created) {
        connectionWarmUp.ifPresent(sql -> created.connectHandler(connection -> connection.query(sql).execute()
                .onComplete(done -> connection.close())));
        return created;
    }

    /** Reads how far the replica has replayed the WAL; finds it down, or back. */
    private void probe(Pool replicaPool) {
        if (!routing.probeDue() || !probing.compareAndSet(false, true)) {
            return;
        }
        replicaPool.query("select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn()"
                + " else pg_current_wal_lsn() end)::text").execute()
                .timeout(replicaConfig.answerTimeout().toMillis(), TimeUnit.MILLISECONDS).onComplete(result -> {
                    probing.set(false);
                    if (result.failed()) {
                        routing.probeFailed(result.cause());
                        return;
                    }
                    String position = result.result().iterator().next().getString(0);
                    routing.replayed(position == null ? -1 : ReadRouting.position(position));
                });
    }

    /**
     * Runs a read where {@link ReadRouting} sends this caller (a primary-only read: on the primary); a read the replica fails for a
     * connection reason (or cancels in a conflict with replay) runs again on the primary.
     */
    <T> Future<T> read(Pool primary, Quota.Caller caller, boolean primaryOnly, Function<Pool, Future<T>> read) {
        Pool replicaPool = replica;
        if (replicaPool == null || primaryOnly || routing.route(caller) != ReadRouting.Server.REPLICA) {
            return answered(read.apply(primary), ReadRouting.Server.PRIMARY);
        }
        Future<T> onReplica = read.apply(replicaPool).timeout(replicaConfig.answerTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        return answered(onReplica, ReadRouting.Server.REPLICA).recover(failure -> {
            if (!routing.retryOnPrimary(failure)) {
                return Future.failedFuture(failure);
            }
            LOG.debugf("A read failed on the replica (%s): the primary answers it", failure.toString());
            return answered(read.apply(primary), ReadRouting.Server.PRIMARY);
        });
    }

    private <T> Future<T> answered(Future<T> read, ReadRouting.Server server) {
        return read.onSuccess(ignored -> routing.answered(server));
    }

    /** The single bytea column (UTF-8 JSON) of the single row the statement returns; null when it is null. */
    Future<Buffer> run(Pool pool, String sql, List<Object> parameters) {
        return execute(pool, sql, parameters).map(rows -> rows.iterator().next().getBuffer(0));
    }

    /** Every row the statement returns, each as its column values. */
    Future<List<Object[]>> rows(Pool pool, String sql, List<Object> parameters) {
        return execute(pool, sql, parameters).map(rows -> {
            List<Object[]> values = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Object[] columns = new Object[row.size()];
                for (int i = 0; i < columns.length; i++) {
                    columns[i] = row.getValue(i);
                }
                values.add(columns);
            }
            return values;
        });
    }

    /** The statement on the pool, counted in flight (waiting for a connection or running) until it completes. */
    private Future<RowSet<Row>> execute(Pool pool, String sql, List<Object> parameters) {
        AtomicInteger inFlight = pool == replica ? replicaInFlight : primaryInFlight;
        inFlight.incrementAndGet();
        // Tuple.from copies: Vert.x's client cannot bind an immutable list (the query then never completes).
        return pool.preparedQuery(sql).execute(Tuple.from(parameters)).onComplete(done -> inFlight.decrementAndGet());
    }

    private void inFlightGauge(ReadRouting.Server server, AtomicInteger inFlight) {
        Gauge.builder("newsroom.read.engine.in.flight", inFlight, AtomicInteger::get)
                .description("Compiled reads sent to the server's pool and not yet answered, waiting for a connection or running")
                .tag("server", server.name().toLowerCase(Locale.ROOT)).register(meters);
    }

    /**
     * Leaves out the gauges of Vert.x's client metrics for the compiled reads' pools. The client
     * creates its metrics per connection, and a gauge registered under a name already taken is
     * ignored (with a warning): the pool's queue size and current requests would be the first
     * connection's only. Its timers and counters, shared by every connection, stay; the pool as a
     * whole is the in-flight gauge above.
     */
    @Produces
    @Singleton
    MeterFilter perConnectionGaugesOfCompiledReads() {
        return MeterFilter.deny(id -> id.getType() == Meter.Type.GAUGE && "sql".equals(id.getTag("clientType"))
                && (id.getName().startsWith(PRIMARY_METRICS + ".") || id.getName().startsWith(REPLICA_METRICS + ".")));
    }

    /** Connection options for a {@code jdbc:postgresql://host[:port]/database[?...]} URL; null for any other. */
    PgConnectOptions options(String url) {
        if (url == null || !url.startsWith("jdbc:postgresql://")) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url.substring("jdbc:".length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            return null;
        }
        PgConnectOptions options = new PgConnectOptions().setHost(uri.getHost())
                .setPort(uri.getPort() < 0 ? 5432 : uri.getPort()).setDatabase(uri.getPath().substring(1))
                // Compiled statements are long: keep them prepared whatever their length.
                .setCachePreparedStatements(true).setPreparedStatementCacheMaxSize(1024)
                .setPreparedStatementCacheSqlLimit(1 << 20)
                .setTracingPolicy(TracingPolicy.IGNORE).setMetricsName(PRIMARY_METRICS)
                .setProperties(Map.of("statement_timeout", statementTimeout, "application_name", "newsroom-compiled"));
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] keyValue = pair.split("=", 2);
                String key = URLDecoder.decode(keyValue[0], StandardCharsets.UTF_8);
                String value = keyValue.length < 2 ? "" : URLDecoder.decode(keyValue[1], StandardCharsets.UTF_8);
                switch (key) {
                    case "user" -> options.setUser(value);
                    case "password" -> options.setPassword(value);
                    // Modes that verify certificates need trust settings this client does not share with JDBC.
                    case "sslmode" -> {
                        if (!value.equals("disable") && !value.equals("allow") && !value.equals("prefer")) {
                            LOG.infof("Compiled reads use JDBC: sslmode=%s", value);
                            return null;
                        }
                        options.setSslMode(SslMode.of(value));
                    }
                    default -> {
                        LOG.infof("Compiled reads use JDBC: the datasource URL parameter %s has no counterpart "
                                + "in the asynchronous client", key);
                        return null;
                    }
                }
            }
        }
        return options;
    }

    @PreDestroy
    void close() {
        if (probeTimer >= 0) {
            vertx.cancelTimer(probeTimer);
        }
        for (Pool current : new Pool[] { pool, replica }) {
            if (current != null) {
                current.close();
            }
        }
    }
}
