package org.newsroom.quota;

import jakarta.annotation.Priority;

import org.newsroom.graphql.AppendedInstrumentation;

import graphql.execution.instrumentation.Instrumentation;

/**
 * Adds {@link QuotaInstrumentation} to the GraphQL engine (ServiceLoader, like
 * {@code org.newsroom.graphql.GraphQLCustomizations}): after SmallRye's depth and complexity
 * limits, so that the cheaper checks refuse first, and before the operation metrics.
 */
@Priority(1500)
public class QuotaGraphQL extends AppendedInstrumentation {

    @Override
    protected Instrumentation instrumentation() {
        return new QuotaInstrumentation();
    }
}
