package org.newsroom.replica;

import jakarta.annotation.Priority;

import org.newsroom.graphql.AppendedInstrumentation;

import graphql.execution.instrumentation.Instrumentation;

/** Adds {@link ReadYourWritesInstrumentation} to the GraphQL engine (ServiceLoader, as the other instrumentations). */
@Priority(1400)
public class ReplicaGraphQL extends AppendedInstrumentation {

    @Override
    protected Instrumentation instrumentation() {
        return new ReadYourWritesInstrumentation();
    }
}
