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
     * Seconds a shared cache may reuse the anonymous answer to a GET by hash (a persisted
     * operation), {@code s-maxage}: such URLs are short and few, so a CDN can hold them.
     */
    @WithDefault("60")
    int sharedMaxAge();

    /**
     * Seconds past {@link #sharedMaxAge()} a shared cache may still send its copy while it fetches
     * a new one ({@code stale-while-revalidate}); a withdrawn article may be seen this much longer.
     */
    @WithDefault("30")
    int staleWhileRevalidate();

    /**
     * Last-Modified is sent only when the newest change is at least this old: a writer's
     * transaction stamps its change when it starts, so a change still being committed may carry
     * a time just before the newest one seen.
     */
    @WithDefault("2s")
    Duration lastModifiedSettle();
}
