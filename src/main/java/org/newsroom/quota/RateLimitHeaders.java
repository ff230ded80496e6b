package org.newsroom.quota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.newsroom.graphql.GraphQLRoutes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The rate limit headers of a GraphQL response (IETF draft "RateLimit header fields for HTTP"):
 * {@code RateLimit-Limit} (points per window), {@code RateLimit-Remaining}, {@code RateLimit-Reset}
 * (seconds until the bucket is full again) and {@code RateLimit-Policy} ({@code <limit>;w=<window
 * seconds>}); a refused request becomes HTTP 429 with {@code Retry-After} (seconds). Callers who
 * are not rate limited get none of them.
 */
@ApplicationScoped
public class RateLimitHeaders {

    // Names made once (hashed and checked once, not per response)
    private static final CharSequence LIMIT = HttpHeaders.createOptimized("RateLimit-Limit");
    private static final CharSequence REMAINING = HttpHeaders.createOptimized("RateLimit-Remaining");
    private static final CharSequence RESET = HttpHeaders.createOptimized("RateLimit-Reset");
    private static final CharSequence POLICY = HttpHeaders.createOptimized("RateLimit-Policy");
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");

    /** The last policy value written (budgets and the window are configuration: it rarely changes). */
    private static volatile Policy lastPolicy = new Policy(-1, -1, "");

    private record Policy(long limit, long windowSeconds, String value) {
    }

    @Inject
    GraphQLRoutes routes;

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (routes.isGraphQLPath(context)) {
                context.addHeadersEndHandler(ignored -> apply(context));
            }
            context.next();
        }, 50);
    }

    private static void apply(RoutingContext context) {
        QuotaInstrumentation.Charge charge = context.get(QuotaInstrumentation.CHARGE);
        if (charge == null || charge.decision() == null) {
            return;
        }
        RateLimiter.Decision decision = charge.decision();
        MultiMap headers = context.response().headers();
        headers.set(LIMIT, Long.toString(decision.limit()));
        headers.set(REMAINING, Long.toString(decision.remaining()));
        headers.set(RESET, Long.toString(decision.resetAfter().toSeconds()));
        headers.set(POLICY, policy(decision.limit(), decision.window().toSeconds()));
        if (!decision.allowed()) {
            context.response().setStatusCode(429);
            headers.set(RETRY_AFTER, Long.toString(Math.max(1, decision.retryAfter().toSeconds())));
        }
    }

    private static String policy(long limit, long windowSeconds) {
        Policy last = lastPolicy;
        if (last.limit() != limit || last.windowSeconds() != windowSeconds) {
            last = new Policy(limit, windowSeconds, limit + ";w=" + windowSeconds);
            lastPolicy = last;
        }
        return last.value();
    }
}
