package org.newsroom.compiled;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The compiled read path's own connections: PostgreSQL's protocol driven by the event loops
 * (Vert.x's client), so that a compiled answer holds no thread while the database works. Same
 * server, database, user, password and statement timeout as the JDBC datasource, read from its
 * configuration; a JDBC URL with a parameter this client has no counterpart for leaves it off, and
 * compiled reads then run over JDBC on worker threads.
 */
@ApplicationScoped
public class CompiledReadsDatabase {

    private static final Logger LOG = Logger.getLogger(CompiledReadsDatabase.class);

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

    private volatile Pool pool;
    private volatile boolean unavailable;

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
                pool = Pool.pool(vertx, options, new PoolOptions().setMaxSize(config.maxConnections()));
            }
            return pool;
        }
    }

    /** The single text column of the single row the statement returns, as UTF-8. */
    Future<Buffer> run(Pool pool, String sql, List<Object> parameters) {
        // Tuple.from copies: Vert.x's client cannot bind an immutable list (the query then never completes).
        return pool.preparedQuery(sql).execute(Tuple.from(parameters))
                .map(rows -> Buffer.buffer(rows.iterator().next().getString(0)));
    }

    /** Every row the statement returns, each as its column values. */
    Future<List<Object[]>> rows(Pool pool, String sql, List<Object> parameters) {
        return pool.preparedQuery(sql).execute(Tuple.from(parameters)).map(rows -> {
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
                .setTracingPolicy(TracingPolicy.IGNORE).setMetricsName("compiled-reads")
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
        Pool current = pool;
        if (current != null) {
            current.close();
        }
    }
}
