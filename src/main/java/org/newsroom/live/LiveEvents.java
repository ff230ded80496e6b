package org.newsroom.live;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Live events across replicas over PostgreSQL LISTEN/NOTIFY, with no broker.
 *
 * <p>{@link WriteAnnouncements} calls {@link #announce} inside the writing transaction: PostgreSQL
 * delivers a NOTIFY only when that transaction commits, so nothing is announced that did not happen. Every replica listens on
 * a dedicated connection (outside the pool) and fans each notification out to its own subscribers,
 * whichever replica wrote. The payload is JSON: {@code {"type": "ARTICLE_PUBLISHED", "id": 42}}.
 */
@ApplicationScoped
public class LiveEvents {

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);

    @ConfigProperty(name = "newsroom.events.channel", defaultValue = "newsroom_events")
    String channel;

    @Inject
    EntityManager em;

    @Inject
    LiveEventLoader loader;

    @Inject
    Vertx vertx;

    /** Events a slow subscriber may fall behind by before it is dropped. */
    static final int BUFFER = 1024;

    private final BroadcastProcessor<LiveEvent> events = BroadcastProcessor.create();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Object listening = new Object();
    private volatile boolean listenerReady;
    private Thread listener;

    /** Queues a NOTIFY in the current transaction; it goes out when (and only if) it commits. */
    void announce(LiveEvent.Type type, long id) {
        String payload = new JsonObject().put("type", type.name()).put("id", id).encode();
        em.createNativeQuery("select 1 from (select pg_notify(:channel, :payload)) notified")
                .setParameter("channel", channel).setParameter("payload", payload).getSingleResult();
    }

    /**
     * Every event, loaded as the public sees it, for subscriptions to filter. Each subscriber gets
     * its own bounded buffer: a broadcast fails a subscriber that has no demand at that moment, and
     * a GraphQL subscriber asks for one event at a time. Events reach the subscriber in order on a
     * worker of the Vert.x context it subscribed from (its WebSocket's), not on the listener thread:
     * its selection runs there, and fields resolved in batches (countries, statements, speaker, ...)
     * query the database, which must not happen on an event loop.
     */
    public Multi<LiveEvent> stream() {
        Context context = vertx.getOrCreateContext();
        return events.onOverflow().buffer(BUFFER).emitOn(delivery -> context.executeBlocking(() -> {
            delivery.run();
            return null;
        }, true));
    }

    /** For tests and health: whether LISTEN is in place, waiting up to the given time. */
    public boolean awaitListening(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (listening) {
            while (!listenerReady && System.currentTimeMillis() < deadline) {
                listening.wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
            return listenerReady;
        }
    }

    public String channel() {
        return channel;
    }

    void start(@Observes StartupEvent startup) {
        running.set(true);
        listener = new Thread(this::listen, "newsroom-live-events");
        listener.setDaemon(true);
        listener.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running.set(false);
        if (listener != null) {
            listener.interrupt();
        }
        events.onComplete();
    }

    private void listen() {
        long backoff = 500;
        while (running.get()) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("listen \"" + channel.replace("\"", "\"\"") + "\"");
                setReady(true);
                backoff = 500;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running.get()) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                setReady(false);
                if (!running.get()) {
                    return;
                }
                LOG.warnf("Live events: listening on '%s' failed (%s); retrying in %d ms", channel, e.getMessage(),
                        backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void dispatch(String payload) {
        try {
            JsonObject json = new JsonObject(payload);
            LiveEvent.Type type = LiveEvent.Type.valueOf(json.getString("type"));
            long id = json.getLong("id");
            LiveEvent event = loader.load(type, id);
            LOG.debugf("Live events: %s %d -> %s", type, id, event == null ? "not public" : "dispatched");
            if (event != null) {
                events.onNext(event);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Live events: ignored a notification that could not be read: %s", payload);
        }
    }

    private void setReady(boolean ready) {
        synchronized (listening) {
            listenerReady = ready;
            listening.notifyAll();
        }
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        Properties properties = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class)
                .ifPresent(user -> properties.setProperty("user", user));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("ApplicationName", "newsroom-live-events");
        properties.setProperty("tcpKeepAlive", "true");
        Connection connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(true);
        return connection;
    }
}
