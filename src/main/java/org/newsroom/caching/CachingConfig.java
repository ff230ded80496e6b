package org.newsroom.caching;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** HTTP caching of GraphQL responses (docs/api.md, "GraphQL over GET and HTTP caching"). */
@ConfigMapping(prefix = "newsroom.http-cache")
public interface CachingConfig {

    /** Seconds shared caches (CDNs) and browsers may reuse an anonymous query's response. */
    @WithDefault("60")
    int maxAge();

    /**
     * Last-Modified is sent only when the newest change is at least this old: a writer's
     * transaction stamps its change when it starts, so a change still being committed may carry
     * a time just before the newest one seen.
     */
    @WithDefault("2s")
    Duration lastModifiedSettle();
}
