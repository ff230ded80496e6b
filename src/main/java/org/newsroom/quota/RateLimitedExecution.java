package org.newsroom.quota;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.AsyncSerialExecutionStrategy;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategy;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.SimpleDataFetcherExceptionHandler;

/**
 * Queries and mutations start only once the caller's rate limit bucket has answered
 * ({@link QuotaInstrumentation} leaves the pending answer in the GraphQL context); a refused one
 * never starts and answers with its error alone. These are graphql-java's own strategies (the
 * engine recognises them, e.g. for batch loading), only waiting first.
 */
final class RateLimitedExecution {

    private static final Logger LOG = Logger.getLogger(RateLimitedExecution.class);

    /** A {@code CompletableFuture<GraphQLError>} in the GraphQL context: null to go ahead. */
    static final String REFUSAL = "newsroom.quota.refusal";

    private RateLimitedExecution() {
    }

    static GraphQL.Builder install(GraphQL.Builder builder) {
        DataFetcherExceptionHandler handler = read(builder, "defaultExceptionHandler");
        if (handler == null) {
            handler = new SimpleDataFetcherExceptionHandler();
        }
        ExecutionStrategy query = read(builder, "queryExecutionStrategy");
        ExecutionStrategy mutation = read(builder, "mutationExecutionStrategy");
        if (query == null || query.getClass() == AsyncExecutionStrategy.class) {
            builder.queryExecutionStrategy(new Query(handler));
        } else {
            LOG.warnf("Rate limits: queries use %s, not graphql-java's default; they are not held back", query);
        }
        if (mutation == null || mutation.getClass() == AsyncSerialExecutionStrategy.class) {
            builder.mutationExecutionStrategy(new Mutation(handler));
        } else {
            LOG.warnf("Rate limits: mutations use %s, not graphql-java's default; they are not held back", mutation);
        }
        return builder;
    }

    static final class Query extends AsyncExecutionStrategy {
        Query(DataFetcherExceptionHandler handler) {
            super(handler);
        }

        @Override
        public CompletableFuture<ExecutionResult> execute(ExecutionContext context, ExecutionStrategyParameters parameters) {
            return afterRefusal(context, () -> super.execute(context, parameters));
        }
    }

    static final class Mutation extends AsyncSerialExecutionStrategy {
        Mutation(DataFetcherExceptionHandler handler) {
            super(handler);
        }

        @Override
        public CompletableFuture<ExecutionResult> execute(ExecutionContext context, ExecutionStrategyParameters parameters) {
            return afterRefusal(context, () -> super.execute(context, parameters));
        }
    }

    private static CompletableFuture<ExecutionResult> afterRefusal(ExecutionContext context,
            java.util.function.Supplier<CompletableFuture<ExecutionResult>> operation) {
        CompletableFuture<GraphQLError> refusal = context.getGraphQLContext().get(REFUSAL);
        if (refusal == null) {
            return operation.get();
        }
        return refusal.thenCompose(error -> error == null ? operation.get()
                : CompletableFuture.completedFuture(ExecutionResultImpl.newExecutionResult().errors(List.of(error)).build()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T read(GraphQL.Builder builder, String name) {
        try {
            Field field = GraphQL.Builder.class.getDeclaredField(name);
            field.setAccessible(true);
            return (T) field.get(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the GraphQL builder of this graphql-java version", e);
        }
    }
}
