package org.newsroom.graphql;

import graphql.GraphQL;
import graphql.execution.instrumentation.Instrumentation;
import io.smallrye.graphql.spi.EventingService;

/**
 * A feature's instrumentation, added to the GraphQL engine after those already there. Registered
 * through ServiceLoader (META-INF/services), as {@link GraphQLCustomizations} is; a higher
 * {@code @Priority} makes SmallRye call it later, so that its instrumentation runs after theirs.
 */
public abstract class AppendedInstrumentation implements EventingService {

    /** A new instrumentation for the engine SmallRye is building. */
    protected abstract Instrumentation instrumentation();

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        return Instrumentations.append(builder, instrumentation());
    }
}
