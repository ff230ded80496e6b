package org.newsroom.caching;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.newsroom.graphql.GraphQLRoutes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Cache-Control and Vary of every GraphQL response, GET or POST, decided when its headers go out:
 * <ul>
 * <li>a query that ran without errors, asked anonymously: {@code public, max-age=<max-age>}; asked
 * over GET by the hash of a persisted operation ({@link #markShared}) also
 * {@code s-maxage=<shared-max-age>, stale-while-revalidate=<stale-while-revalidate>};</li>
 * <li>the same asked with a bearer token or API key: {@code private, no-cache} (the caller's
 * own view, e.g. drafts; revalidated with the ETag);</li>
 * <li>anything else (mutations, subscriptions, any response with {@code errors}, refusals):
 * {@code no-store}.</li>
 * </ul>
 */
@ApplicationScoped
public class CacheHeaders {

    static final String VARY = "Accept, Accept-Language, Authorization, X-Api-Key";

    private static final String SHARED = "newsroom.caching.shared";

    @Inject
    CachingConfig config;

    @Inject
    GraphQLRoutes routes;

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (routes.isGraphQLPath(context)) {
                context.addHeadersEndHandler(ignored -> decide(context));
            }
            context.next();
        }, 50);
    }

    private void decide(RoutingContext context) {
        MultiMap headers = context.response().headers();
        headers.set(HttpHeaders.VARY, VARY);
        if (headers.contains(HttpHeaders.CACHE_CONTROL)) {
            return;
        }
        headers.set(HttpHeaders.CACHE_CONTROL, cacheControl(context));
    }

    String cacheControl(RoutingContext context) {
        int status = context.response().getStatusCode();
        if ((status != 200 && status != 304) || !cacheable(context)) {
            return "no-store";
        }
        if (authenticated(context)) {
            return "private, no-cache";
        }
        String cacheControl = "public, max-age=" + config.maxAge();
        if (Boolean.TRUE.equals(context.get(SHARED))) {
            cacheControl += ", s-maxage=" + config.sharedMaxAge() + ", stale-while-revalidate="
                    + config.staleWhileRevalidate();
        }
        return cacheControl;
    }

    /**
     * For a GET that names its document by hash (org.newsroom.persisted): a shared cache may hold
     * its answer (when it is cacheable at all: anonymous, a query, no errors).
     */
    public static void markShared(RoutingContext context) {
        context.put(SHARED, Boolean.TRUE);
    }

    /** For responses made outside graphql-java (org.newsroom.compiled): a query that ran without errors. */
    public static void markCacheable(RoutingContext context) {
        context.put(OutcomeInstrumentation.CACHEABLE, Boolean.TRUE);
    }

    static boolean cacheable(RoutingContext context) {
        return Boolean.TRUE.equals(context.get(OutcomeInstrumentation.CACHEABLE));
    }

    /** Credentials sent count even if the identity is resolved lazily: such responses are never shared. */
    public static boolean authenticated(RoutingContext context) {
        if (context.request().getHeader(HttpHeaders.AUTHORIZATION) != null
                || context.request().getHeader("X-Api-Key") != null) {
            return true;
        }
        return context.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous();
    }
}
