package org.newsroom.quota;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import org.newsroom.graphql.ErrorCode;

import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.OperationDefinition;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Before an operation runs: computes its {@link QueryCost}, refuses it above the maximum
 * ({@code QUERY_LIMIT_EXCEEDED}), then takes the cost from the caller's rate limit budget and
 * refuses it when the budget is spent ({@code RATE_LIMITED}; the HTTP layer makes that a 429, see
 * {@link RateLimitHeaders}). The buckets are in memory, so asking them never blocks, on whichever
 * thread the operation starts. Every executed or refused operation reports {@code extensions.cost}.
 * Over HTTP, subscriptions are held to the maximum cost only; over a WebSocket (a {@link Quota#CALLER}
 * in the GraphQL context) every operation is charged, and starting a subscription costs its cost once.
 */
public class QuotaInstrumentation extends SimplePerformantInstrumentation {

    /**
     * Where the HTTP layer finds this request's {@link Charge}; also, in the GraphQL context of an
     * operation sent over a WebSocket, the charge the compiled read path took before it handed the
     * operation over.
     */
    public static final String CHARGE = "newsroom.quota.charge";

    /** The cost of one request and what its caller's bucket said (null decision: not rate limited). */
    public record Charge(long cost, long maxCost, RateLimiter.Decision decision, Instant at) {
    }

    static final class State implements InstrumentationState {
        volatile Charge charge;
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new State();
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        Quota quota = Arc.container().instance(Quota.class).get();
        long cost = QueryCost.of(execution.getNormalizedQueryTree().get(), execution.getGraphQLSchema());
        long max = quota.maxCost();
        if (cost > max) {
            remember(state, new Charge(cost, max, null, Instant.now()));
            throw new AbortExecutionException(List.of(aboveMaximum(quota, cost)));
        }
        Quota.Caller transportCaller = execution.getGraphQLContext().get(Quota.CALLER);
        RoutingContext request = transportCaller == null ? currentRequest() : null;
        boolean subscription = execution.getOperationDefinition().getOperation()
                == OperationDefinition.Operation.SUBSCRIPTION;
        if (transportCaller == null && (subscription || request == null)) {
            remember(state, new Charge(cost, max, null, Instant.now()));
            return SimpleInstrumentationContext.noOp();
        }
        Quota.Caller caller = transportCaller != null ? transportCaller : Quota.caller(identity(), request);
        OptionalLong budget = quota.budget(caller);
        if (budget.isEmpty()) {
            remember(state, new Charge(cost, max, null, Instant.now()));
            return SimpleInstrumentationContext.noOp();
        }
        if (cost > budget.getAsLong()) {
            remember(state, new Charge(cost, max, null, Instant.now()));
            throw new AbortExecutionException(List.of(aboveBudget(quota, cost, budget.getAsLong())));
        }
        Charge prepaid = request == null ? execution.getGraphQLContext().get(CHARGE) : request.get(CHARGE);
        if (prepaid != null && prepaid.cost() == cost
                && (prepaid.decision() == null || prepaid.decision().allowed())) {
            // Asked already by the compiled read path, which then handed the request over (a failure it does not answer).
            remember(state, prepaid);
            return SimpleInstrumentationContext.noOp();
        }
        // Over a WebSocket, starting a subscription is paid like a query.
        GraphQLError refused = take(quota, caller, budget.getAsLong(), cost, max, state, request);
        if (refused != null) {
            throw new AbortExecutionException(List.of(refused));
        }
        return SimpleInstrumentationContext.noOp();
    }

    /**
     * Takes the cost from the bucket (in memory: {@link Quota#take}); the error to answer with, or
     * null to go ahead. The charge is left on the HTTP request for its headers (none over a WebSocket).
     */
    private static GraphQLError take(Quota quota, Quota.Caller caller, long budget, long cost, long max,
            InstrumentationState state, RoutingContext request) {
        RateLimiter.Decision decision = quota.take(caller, budget, cost);
        Charge charge = new Charge(cost, max, decision, Instant.now());
        remember(state, charge);
        if (request != null) {
            request.put(CHARGE, charge);
        }
        return decision.allowed() ? null : rateLimited(quota, charge);
    }

    /**
     * The refusal of an operation whose cost is above the maximum of any operation (counted in the
     * refusals' metric); the interpreter's and the read engine's alike.
     */
    public static GraphQLError aboveMaximum(Quota quota, long cost) {
        long max = quota.maxCost();
        quota.refused("query_cost");
        return error(ErrorCode.QUERY_LIMIT_EXCEEDED, "This operation may return up to " + cost
                + " objects (its cost), above the limit of " + max + " per operation. Ask for smaller pages "
                + "(first/last) or fewer nested lists.", Map.of("cost", cost, "maxCost", max));
    }

    /** The refusal of an operation that costs more than its caller's whole budget (counted). */
    public static GraphQLError aboveBudget(Quota quota, long cost, long budget) {
        quota.refused("query_cost");
        return error(ErrorCode.QUERY_LIMIT_EXCEEDED, "This operation costs " + cost + ", more than the whole "
                + "budget of " + budget + " per " + human(quota) + " of this caller.",
                Map.of("cost", cost, "maxCost", budget));
    }

    /** The refusal of an operation its caller's bucket had too little left for: the charge's decision (counted). */
    public static GraphQLError rateLimited(Quota quota, Charge charge) {
        quota.refused("rate_limited");
        RateLimiter.Decision decision = charge.decision();
        long retry = Math.max(1, decision.retryAfter().toSeconds());
        Instant at = charge.at().plusSeconds(retry).truncatedTo(ChronoUnit.SECONDS);
        return error(ErrorCode.RATE_LIMITED, "Rate limit exceeded: this operation costs " + charge.cost() + " and "
                + decision.remaining() + " of your " + decision.limit() + " points per " + human(quota)
                + " are left. Retry after " + retry + " seconds (at " + at + ").",
                Map.of("cost", charge.cost(), "retryAfter", retry));
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        Charge charge = state instanceof State s ? s.charge : null;
        if (charge == null) {
            return CompletableFuture.completedFuture(result);
        }
        return CompletableFuture.completedFuture(result.transform(builder -> builder.addExtension("cost", report(charge))));
    }

    /** {@code extensions.cost}: the operation's cost, the maximum, and the caller's budget if limited. */
    public static Map<String, Object> report(Charge charge) {
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("requested", charge.cost());
        cost.put("maximum", charge.maxCost());
        RateLimiter.Decision decision = charge.decision();
        if (decision != null) {
            cost.put("limit", decision.limit());
            cost.put("remaining", decision.remaining());
            cost.put("resetAt", decision.resetAt(charge.at()).truncatedTo(ChronoUnit.SECONDS).toString());
            cost.put("window", decision.window().toString());
        }
        return cost;
    }

    /**
     * {@link #report} as JSON, written directly (the compiled read path's answers): the same
     * members in the same order as {@code Json.encode(report(charge))}, without the map and the encoder.
     */
    public static String reportJson(Charge charge) {
        StringBuilder json = new StringBuilder(160).append("{\"requested\":").append(charge.cost())
                .append(",\"maximum\":").append(charge.maxCost());
        RateLimiter.Decision decision = charge.decision();
        if (decision != null) {
            json.append(",\"limit\":").append(decision.limit())
                    .append(",\"remaining\":").append(decision.remaining())
                    .append(",\"resetAt\":\"").append(resetAt(decision.resetAt(charge.at()).getEpochSecond()))
                    .append("\",\"window\":\"").append(decision.window()).append('"');
        }
        return json.append('}').toString();
    }

    /** The last resetAt written: answers in the same second mostly share it, and Instant.toString is not cheap. */
    private static volatile ResetAt lastResetAt = new ResetAt(Long.MIN_VALUE, "");

    private record ResetAt(long epochSecond, String text) {
    }

    private static String resetAt(long epochSecond) {
        ResetAt last = lastResetAt;
        if (last.epochSecond() != epochSecond) {
            last = new ResetAt(epochSecond, Instant.ofEpochSecond(epochSecond).toString());
            lastResetAt = last;
        }
        return last.text();
    }

    private static void remember(InstrumentationState state, Charge charge) {
        if (state instanceof State s) {
            s.charge = charge;
        }
    }

    static GraphQLError error(ErrorCode code, String message, Map<String, Object> details) {
        Map<String, Object> extensions = new LinkedHashMap<>(details);
        extensions.put("code", code.name());
        return GraphqlErrorBuilder.newError().message(message).errorType(ErrorType.ExecutionAborted)
                .extensions(extensions).build();
    }

    private static String human(Quota quota) {
        return quota.window().toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static RoutingContext currentRequest() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        return Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
    }

    private static SecurityIdentity identity() {
        return Arc.container().instance(SecurityIdentity.class).get();
    }
}
