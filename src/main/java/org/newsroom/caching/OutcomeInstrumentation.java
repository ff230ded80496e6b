package org.newsroom.caching;

import java.util.concurrent.CompletableFuture;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.OperationDefinition;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Tells the HTTP layer ({@link CacheHeaders}) whether a response may be cached: only a query that
 * ran and returned no errors. Whatever it does not see (a document that failed to parse or
 * validate, a request SmallRye refused) counts as not cacheable.
 */
final class OutcomeInstrumentation extends SimplePerformantInstrumentation {

    static final String CACHEABLE = "newsroom.caching.cacheable";

    static final class State implements InstrumentationState {
        volatile boolean query;
        volatile RoutingContext request;
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new State();
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        if (state instanceof State s) {
            s.query = parameters.getExecutionContext().getOperationDefinition()
                    .getOperation() == OperationDefinition.Operation.QUERY;
            s.request = currentRequest(); // here, on the request's thread; the result may come on another
        }
        return SimpleInstrumentationContext.noOp();
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        if (state instanceof State s && s.query && s.request != null && result.getErrors().isEmpty()) {
            s.request.put(CACHEABLE, Boolean.TRUE);
        }
        return CompletableFuture.completedFuture(result);
    }

    private static RoutingContext currentRequest() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        return Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
    }
}
