package org.newsroom.quota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
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

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "/graphql")
    String graphqlPath;

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (graphqlPath.equals(context.normalizedPath())) {
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
        headers.set("RateLimit-Limit", Long.toString(decision.limit()));
        headers.set("RateLimit-Remaining", Long.toString(decision.remaining()));
        headers.set("RateLimit-Reset", Long.toString(decision.resetAfter().toSeconds()));
        headers.set("RateLimit-Policy", decision.limit() + ";w=" + decision.window().toSeconds());
        if (!decision.allowed()) {
            context.response().setStatusCode(429);
            headers.set("Retry-After", Long.toString(Math.max(1, decision.retryAfter().toSeconds())));
        }
    }
}
