package org.newsroom.compiled;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The compiled read path (docs/architecture.md, "Compiled reads"). */
@ConfigMapping(prefix = "newsroom.compiled-reads")
public interface CompiledReadsConfig {

    /**
     * Connections of the compiled read path's own pool (Vert.x's asynchronous PostgreSQL client),
     * besides the JDBC pool: a connection is busy only while PostgreSQL computes an answer.
     */
    @WithDefault("8")
    int maxConnections();

    /** How many documents (text and operation name) keep their parsed and validated form. */
    @WithDefault("1000")
    int planCacheSize();

    /**
     * How much SQL (characters, counted twice: the statement with PostgreSQL's marks and with
     * JDBC's) the kept statements may hold in all: beyond it a new statement is used once and not
     * kept. Many distinct documents, each with many shapes of variables, cannot fill the heap.
     */
    @WithDefault("8000000")
    long statementCacheChars();
}
