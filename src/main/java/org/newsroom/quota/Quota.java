package org.newsroom.quota;

import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.quarkus.arc.Unremovable;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * Who pays for a request, and from which budget: partners by {@code partner:<id>}, other token
 * holders by their subject, anonymous callers by client address (behind a proxy, enable
 * {@code quarkus.http.proxy.proxy-address-forwarding} so that this is the client's, not the proxy's).
 */
@ApplicationScoped
@Unremovable // looked up by QuotaInstrumentation, which CDI does not see
public class Quota {

    public static final String PARTNER_ROLE = "partner";

    /**
     * A {@link Caller} in the GraphQL context: who pays for an operation that did not come as one
     * HTTP request of its own (an operation over a WebSocket). Subscriptions are charged too then.
     */
    public static final String CALLER = "newsroom.quota.caller";

    /** Refusals by reason: {@code query_cost}, {@code rate_limited}. */
    static final String REFUSALS = "graphql.requests.refused";

    @Inject
    QuotaConfig config;

    @Inject
    RateLimiter limiter;

    @Inject
    MeterRegistry registry;

    /** A caller's key and class ({@code partner}, {@code editor}, {@code anonymous}). */
    public record Caller(String key, String kind) {
    }

    public long maxCost() {
        return config.maxCost();
    }

    public static Caller caller(SecurityIdentity identity, RoutingContext request) {
        if (identity == null || identity.isAnonymous()) {
            String address = request == null || request.request().remoteAddress() == null ? "unknown"
                    : request.request().remoteAddress().hostAddress();
            return new Caller("anonymous:" + address, "anonymous");
        }
        String name = identity.getPrincipal().getName();
        return new Caller(name, identity.hasRole(PARTNER_ROLE) ? "partner" : "editor");
    }

    /** The caller's budget per window; empty when its class is not limited. */
    public OptionalLong budget(Caller caller) {
        Long own = config.rateLimit().callers().get(caller.key());
        if (own != null) {
            return OptionalLong.of(own);
        }
        QuotaConfig.Budget budget = switch (caller.kind()) {
            case "partner" -> config.rateLimit().partner();
            case "editor" -> config.rateLimit().editor();
            default -> config.rateLimit().anonymous();
        };
        return budget.enabled() ? OptionalLong.of(budget.points()) : OptionalLong.empty();
    }

    /** {@link #take(Caller, long, long)} from an event loop, over Vert.x's PostgreSQL client. */
    public Future<RateLimiter.Decision> take(Pool pool, Caller caller, long budget, long cost) {
        return limiter.take(pool, caller.key(), budget, cost);
    }

    /** Takes the cost from the caller's bucket; null when the database could not be asked. */
    public RateLimiter.Decision take(Caller caller, long budget, long cost) {
        return limiter.take(caller.key(), budget, cost);
    }

    public java.time.Duration window() {
        return config.rateLimit().window();
    }

    void refused(String reason) {
        Counter.builder(REFUSALS)
                .description("GraphQL requests refused before they ran, by reason")
                .tags("reason", reason)
                .register(registry)
                .increment();
    }

}
