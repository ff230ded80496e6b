package org.newsroom.graphql;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits checked on every GraphQL request before it runs (see {@link GraphQLRequestGuard}). The
 * body size is {@code quarkus.http.limits.max-body-size}; tokens are SmallRye's
 * {@code quarkus.smallrye-graphql.parser-max-tokens}; depth and complexity are SmallRye's
 * instrumentation limits; the statement timeout is applied by the datasource.
 */
@ConfigMapping(prefix = "newsroom.limits")
public interface RequestLimits {

    /**
     * Fields the operation executes, every fragment spread expanded (a fragment spread twice
     * counts twice); measured without expanding anything. The introspection query of GraphiQL
     * executes about 200.
     */
    @WithDefault("2000")
    int maxFields();

    /** Fields requested under another name, as the operation executes (fragments expanded). */
    @WithDefault("30")
    int maxAliases();

    /** Fields directly under the operation (fragments at the root expanded). */
    @WithDefault("15")
    int maxRootFields();

    /** Characters of a request's URL (path and query string); GraphQL over GET carries the document in it. */
    @WithDefault("4096")
    int maxUrlLength();

    /** Bytes of a request's headers, names and values. */
    @WithDefault("20K")
    MemorySize maxHeaderSize();

    /** Bytes of the JSON {@code variables} object. */
    @WithDefault("512K")
    MemorySize maxVariablesSize();

    /** Nesting of objects and lists in {@code variables}. */
    @WithDefault("16")
    int maxVariablesDepth();

    /**
     * PostgreSQL's {@code statement_timeout} for every connection of the pool (set in
     * {@code quarkus.datasource.jdbc.new-connection-sql}); a statement past it ends in TIMEOUT.
     */
    @WithDefault("5s")
    java.time.Duration statementTimeout();

    /** GraphQL over WebSocket (org.newsroom.websocket). */
    WebSocket websocket();

    interface WebSocket {

        /**
         * Operations active on one socket at a time: a subscription from its start to its end, a
         * query or mutation while it runs. One more is refused with QUERY_LIMIT_EXCEEDED
         * ({@code extensions.limit}: {@code websocket-operations}); the socket stays open.
         */
        @WithDefault("50")
        int maxOperations();

        /** From opening a socket to its {@code connection_init}; a socket still silent then is closed with 4408. */
        @WithDefault("10s")
        java.time.Duration initTimeout();

        /**
         * Between the server's keep-alive messages ({@code ping}, or {@code ka} in graphql-ws); keep
         * it below {@code quarkus.http.idle-timeout}, which closes a connection silent for that long.
         */
        @WithDefault("15s")
        java.time.Duration keepAlive();
    }
}
