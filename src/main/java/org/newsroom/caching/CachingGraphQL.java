package org.newsroom.caching;

import jakarta.annotation.Priority;

import org.newsroom.graphql.AppendedInstrumentation;

import graphql.execution.instrumentation.Instrumentation;

/** Adds {@link OutcomeInstrumentation} to the GraphQL engine (ServiceLoader, like the others). */
@Priority(1600)
public class CachingGraphQL extends AppendedInstrumentation {

    @Override
    protected Instrumentation instrumentation() {
        return new OutcomeInstrumentation();
    }
}
