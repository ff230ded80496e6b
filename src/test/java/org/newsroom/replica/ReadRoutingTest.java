package org.newsroom.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.newsroom.replica.ReadRouting.Server.PRIMARY;
import static org.newsroom.replica.ReadRouting.Server.REPLICA;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.newsroom.quota.Quota;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * The routing decision of the read engine: replica for everyone, except a caller whose commit the
 * replica has not replayed yet (for a bounded time), and no one while the replica is down. The
 * real standby (lag, loss) is ReadReplicaIT's.
 */
class ReadRoutingTest {

    private static final Quota.Caller READER = new Quota.Caller("anonymous:203.0.113.7", Quota.CallerKind.ANONYMOUS);
    private static final Quota.Caller EDITOR = new Quota.Caller("user:editor-1", Quota.CallerKind.USER);
    private static final Quota.Caller OTHER_EDITOR = new Quota.Caller("user:editor-2", Quota.CallerKind.USER);
    private static final Quota.Caller PARTNER = new Quota.Caller("partner:1", Quota.CallerKind.PARTNER);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private ReadRouting routing(String url, int maxWriters) {
        ReadReplicaConfig config = new ReadReplicaConfig() {
            public Optional<String> url() {
                return Optional.ofNullable(url);
            }

            public Optional<String> username() {
                return Optional.empty();
            }

            public Optional<String> password() {
                return Optional.empty();
            }

            public Duration retryAfter() {
                return Duration.ofSeconds(5);
            }

            public Duration answerTimeout() {
                return Duration.ofSeconds(10);
            }

            public Duration pollInterval() {
                return Duration.ofSeconds(1);
            }

            public Duration readYourWrites() {
                return Duration.ofSeconds(30);
            }

            public int maxWriters() {
                return maxWriters;
            }
        };
        return new ReadRouting(config, null, new SimpleMeterRegistry(), now::get);
    }

    private ReadRouting withReplica() {
        return routing("jdbc:postgresql://replica.example:5432/newsroom", 100);
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void withoutReplicaEveryReadGoesToThePrimary() {
        ReadRouting routing = routing(null, 100);
        routing.wrote(EDITOR, 10);
        assertEquals(PRIMARY, routing.route(READER));
        assertEquals(PRIMARY, routing.route(EDITOR));
        assertFalse(routing.replicaUp());
    }

    @Test
    void aWriterReadsFromThePrimaryUntilTheReplicaHasReplayedTheirCommit() {
        ReadRouting routing = withReplica();
        routing.replayed(ReadRouting.position("0/100"));
        assertEquals(REPLICA, routing.route(EDITOR));

        routing.wrote(EDITOR, ReadRouting.position("0/180"));
        assertEquals(1, routing.waitingWriters());
        assertEquals(PRIMARY, routing.route(EDITOR));
        assertEquals(REPLICA, routing.route(READER), "others are not held back by the editor's write");
        assertEquals(REPLICA, routing.route(OTHER_EDITOR));

        routing.replayed(ReadRouting.position("0/17F"));
        assertEquals(PRIMARY, routing.route(EDITOR), "one byte short of the commit is not enough");
        routing.replayed(ReadRouting.position("0/180"));
        assertEquals(0, routing.waitingWriters());
        assertEquals(REPLICA, routing.route(EDITOR));
    }

    @Test
    void aWriteOfUnknownPositionSendsTheWriterToThePrimaryForTheBoundedTimeOnly() {
        ReadRouting routing = withReplica();
        routing.replayed(ReadRouting.position("5/0"));
        routing.wrote(PARTNER, ReadRouting.UNKNOWN_POSITION);
        advance(Duration.ofSeconds(29));
        assertEquals(PRIMARY, routing.route(PARTNER));
        advance(Duration.ofSeconds(2));
        assertEquals(REPLICA, routing.route(PARTNER), "a lagging replica serves the writer after 30 s");
    }

    @Test
    void aLaterWriteKeepsTheHighestPositionAndRestartsTheClock() {
        ReadRouting routing = withReplica();
        routing.wrote(EDITOR, ReadRouting.position("0/300"));
        advance(Duration.ofSeconds(20));
        routing.wrote(EDITOR, ReadRouting.position("0/200"));
        advance(Duration.ofSeconds(20));
        routing.replayed(ReadRouting.position("0/250"));
        assertEquals(PRIMARY, routing.route(EDITOR));
        routing.replayed(ReadRouting.position("0/300"));
        assertEquals(REPLICA, routing.route(EDITOR));
    }

    @Test
    void moreWritersThanRememberedSendEveryoneToThePrimaryUntilReplayed() {
        ReadRouting routing = routing("jdbc:postgresql://replica.example/newsroom", 2);
        routing.replayed(ReadRouting.position("0/10"));
        routing.wrote(EDITOR, ReadRouting.position("0/20"));
        routing.wrote(OTHER_EDITOR, ReadRouting.position("0/30"));
        assertEquals(REPLICA, routing.route(READER));
        routing.wrote(PARTNER, ReadRouting.position("0/40"));
        assertEquals(PRIMARY, routing.route(READER), "no writer is forgotten: everyone waits");
        assertEquals(PRIMARY, routing.route(EDITOR));
        routing.replayed(ReadRouting.position("0/40"));
        assertEquals(REPLICA, routing.route(READER));
        assertEquals(REPLICA, routing.route(PARTNER));
    }

    @Test
    void aConnectionFailureMarksTheReplicaDownUntilAProbeAfterTheBackOffFindsItBack() {
        ReadRouting routing = withReplica();
        assertTrue(routing.retryOnPrimary(new VertxException(new ConnectException("Connection refused"))));
        assertFalse(routing.replicaUp());
        assertEquals(PRIMARY, routing.route(READER));
        assertFalse(routing.probeDue());
        advance(Duration.ofSeconds(5));
        assertTrue(routing.probeDue());
        routing.probeFailed(new ConnectException("Connection refused"));
        assertFalse(routing.probeDue(), "a failed probe waits for the back-off again");
        advance(Duration.ofSeconds(5));
        routing.replayed(ReadRouting.position("0/1"));
        assertTrue(routing.replicaUp());
        assertEquals(REPLICA, routing.route(READER));
        assertTrue(routing.probeDue(), "while up, every poll probes");
    }

    @Test
    void onlyConnectionFailuresAndReplayConflictsAreRetriedOnThePrimary() {
        ReadRouting routing = withReplica();
        assertTrue(routing.retryOnPrimary(new PgException("canceling statement due to conflict with recovery",
                "ERROR", "40001", null)));
        assertTrue(routing.replicaUp(), "a replay conflict is no outage");
        assertFalse(routing.retryOnPrimary(new PgException("canceling statement due to statement timeout",
                "ERROR", "57014", null)));
        assertFalse(routing.retryOnPrimary(new IllegalStateException("a bug")));
        assertTrue(routing.replicaUp());

        assertTrue(ReadRouting.connectionFailure(ClosedConnectionException.INSTANCE));
        assertTrue(ReadRouting.connectionFailure(new PgException("the database system is starting up", "FATAL",
                "57P03", null)));
        assertTrue(ReadRouting.connectionFailure(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null)));
        assertTrue(ReadRouting.connectionFailure(new PgException("connection failure", "FATAL", "08006", null)));
        assertTrue(ReadRouting.connectionFailure(new io.vertx.core.impl.NoStackTraceTimeoutException("no answer")));
    }

    @Test
    void positionsOrderAsTheWriteAheadLogDoes() {
        assertTrue(ReadRouting.position("0/FFFFFFFF") < ReadRouting.position("1/0"));
        assertEquals(0x16_B374D848L, ReadRouting.position("16/B374D848"));
    }
}
