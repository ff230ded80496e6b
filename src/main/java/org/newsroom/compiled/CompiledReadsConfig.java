package org.newsroom.compiled;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The compiled read path (README "Compiled reads"). */
@ConfigMapping(prefix = "newsroom.compiled-reads")
public interface CompiledReadsConfig {

    /** Off: every operation goes through the GraphQL interpreter. */
    @WithDefault("true")
    boolean enabled();

    /** How many documents (text and operation name) keep their parsed and validated form. */
    @WithDefault("1000")
    int planCacheSize();

    /**
     * Whether a request may ask for the interpreter with {@code X-Newsroom-Execution: interpreted}.
     * On in tests, which compare both paths; off elsewhere.
     */
    @WithDefault("false")
    boolean honourExecutionHeader();
}
