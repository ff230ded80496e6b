package org.newsroom.graphql;

import java.lang.reflect.Field;
import java.util.List;

import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;

/**
 * Adds instrumentations to the GraphQL engine SmallRye builds. SmallRye sets its own (query
 * cache, depth and complexity limits) before it lets services change the builder, and the builder
 * has no getter: the field is read so that ours run after theirs rather than replacing them.
 */
public final class Instrumentations {

    private Instrumentations() {
    }

    public static GraphQL.Builder append(GraphQL.Builder builder, Instrumentation added) {
        Instrumentation existing = existing(builder);
        return builder.instrumentation(existing == null ? added : new ChainedInstrumentation(List.of(existing, added)));
    }

    public static GraphQL.Builder prepend(GraphQL.Builder builder, Instrumentation added) {
        Instrumentation existing = existing(builder);
        return builder.instrumentation(existing == null ? added : new ChainedInstrumentation(List.of(added, existing)));
    }

    private static Instrumentation existing(GraphQL.Builder builder) {
        try {
            Field field = GraphQL.Builder.class.getDeclaredField("instrumentation");
            field.setAccessible(true);
            return (Instrumentation) field.get(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot extend the GraphQL instrumentation of this graphql-java version", e);
        }
    }
}
