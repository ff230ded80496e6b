package org.newsroom.compiled;

import jakarta.annotation.Priority;

import org.newsroom.graphql.Instrumentations;

import graphql.GraphQL;
import io.smallrye.graphql.spi.EventingService;

/** Adds {@link PayloadReads} to the GraphQL engine (ServiceLoader, as the other instrumentations). */
@Priority(1300)
public class CompiledGraphQL implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        return Instrumentations.append(builder, new PayloadReads());
    }
}
