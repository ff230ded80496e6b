package org.newsroom.compiled;

import jakarta.annotation.Priority;

import org.newsroom.graphql.AppendedInstrumentation;

import graphql.execution.instrumentation.Instrumentation;

/** Adds {@link PayloadReads} to the GraphQL engine (ServiceLoader, as the other instrumentations). */
@Priority(1300)
public class CompiledGraphQL extends AppendedInstrumentation {

    @Override
    protected Instrumentation instrumentation() {
        return new PayloadReads();
    }
}
