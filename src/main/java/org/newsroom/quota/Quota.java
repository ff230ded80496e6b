package org.newsroom.quota;

import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.newsroom.http.ClientAddress;

import io.micrometer.core.instrument.Counter;
import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;

/**
 * Who pays for a request, and from which budget: partners (by API key) by {@code partner:<id>},
 * bearer token holders by {@code user:<subject>}, anonymous callers by {@code anonymous:<client
 * address>} (as {@link ClientAddress} finds it: behind a proxy, only past the proxies listed in
 * {@code newsroom.http.trusted-proxies}). The kind prefixes every bucket key, so that no caller of one
 * kind can name itself into another's bucket (a token whose subject is {@code partner:1}).
 */
@ApplicationScoped
@Unremovable // looked up by QuotaInstrumentation, which CDI does not see
public class Quota {

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
    AnonymousBuckets anonymousBuckets;

    @Inject
    MeterRegistry registry;

    /** The kinds of caller, each with a budget of its own (newsroom.quota.rate-limit.*) and a key prefix. */
    public enum CallerKind {
        /** A partner newsroom, authenticated by its API key. */
        PARTNER("partner"),
        /** The holder of a bearer token (editors, admins): the {@code editor} budget. */
        USER("user"),
        ANONYMOUS("anonymous");

        private final String prefix;

        CallerKind(String prefix) {
            this.prefix = prefix;
        }

        /** The bucket key of this kind's caller known by {@code name}: {@code <kind>:<name>}. */
        public String key(String name) {
            return prefix + ":" + name;
        }
    }

    /** A caller's bucket key and kind. */
    public record Caller(String key, CallerKind kind) {
    }

    public long maxCost() {
        return config.maxCost();
    }

    public static Caller caller(SecurityIdentity identity, RoutingContext request) {
        if (identity == null || identity.isAnonymous()) {
            String address = request == null ? null
                    : Arc.container().instance(ClientAddress.class).get().of(request.request());
            return new Caller(CallerKind.ANONYMOUS.key(address == null ? "unknown" : address), CallerKind.ANONYMOUS);
        }
        // Only the API key mechanism sets a partner's id: a token naming a partner role is no partner's key.
        Object partnerId = identity.getAttribute(org.newsroom.auth.Caller.PARTNER_ID);
        if (identity.hasRole(org.newsroom.auth.Caller.PARTNER) && partnerId instanceof Long id) {
            return new Caller(CallerKind.PARTNER.key(Long.toString(id)), CallerKind.PARTNER);
        }
        return new Caller(CallerKind.USER.key(identity.getPrincipal().getName()), CallerKind.USER);
    }

    /** The caller's budget per window; empty when its class is not limited. */
    public OptionalLong budget(Caller caller) {
        Long own = config.rateLimit().callers().get(caller.key());
        if (own != null) {
            return OptionalLong.of(own);
        }
        QuotaConfig.Budget budget = switch (caller.kind()) {
            case PARTNER -> config.rateLimit().partner();
            case USER -> config.rateLimit().editor();
            case ANONYMOUS -> config.rateLimit().anonymous();
        };
        return budget.enabled() ? OptionalLong.of(budget.points()) : OptionalLong.empty();
    }

    /**
     * Takes the cost from the caller's bucket, in this replica's memory (no database statement, so
     * also on an event loop): an anonymous caller's counted here only, a partner's or a token
     * holder's synced with every replica through PostgreSQL ({@link RateLimiter}).
     */
    public RateLimiter.Decision take(Caller caller, long budget, long cost) {
        if (caller.kind() == CallerKind.ANONYMOUS) {
            return anonymousBuckets.take(caller.key(), budget, cost);
        }
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
