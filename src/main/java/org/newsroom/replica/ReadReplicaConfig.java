package org.newsroom.replica;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** A read-only standby for the read engine (docs/decisions/read-replicas.md). */
@ConfigMapping(prefix = "newsroom.read-replica")
public interface ReadReplicaConfig {

    /**
     * {@code jdbc:postgresql://host[:port]/database}: the compiled read path reads there. Empty:
     * every read goes to the primary.
     */
    Optional<String> url();

    /** The replica's user; empty: the datasource's. */
    Optional<String> username();

    /** The replica's password; empty: the datasource's. */
    Optional<String> password();

    /** How long a replica that failed is left alone before it is probed again. */
    @WithDefault("5s")
    Duration retryAfter();

    /**
     * A read the replica has not answered in this time runs on the primary, and the replica is
     * marked down: a server that keeps the connection but never answers. Above the statement
     * timeout, which the replica enforces itself.
     */
    @WithDefault("10s")
    Duration answerTimeout();

    /** How often the replica's replay position is read (also the health probe while it is up). */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * The longest a caller who wrote reads from the primary when the replica has not replayed
     * their commit: past it, a lagging replica serves them too.
     */
    @WithDefault("30s")
    Duration readYourWrites();

    /** How many recent writers are remembered; past it, everyone reads from the primary for a while. */
    @WithDefault("10000")
    int maxWriters();
}
