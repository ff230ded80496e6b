package org.newsroom.caching;

import jakarta.annotation.Priority;

import org.newsroom.graphql.Instrumentations;

import graphql.GraphQL;
import io.smallrye.graphql.spi.EventingService;

/** Adds {@link OutcomeInstrumentation} to the GraphQL engine (ServiceLoader, like the others). */
@Priority(1600)
public class CachingGraphQL implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        return Instrumentations.append(builder, new OutcomeInstrumentation());
    }
}
