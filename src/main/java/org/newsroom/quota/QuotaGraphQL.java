package org.newsroom.quota;

import jakarta.annotation.Priority;

import org.newsroom.graphql.Instrumentations;

import graphql.GraphQL;
import io.smallrye.graphql.spi.EventingService;

/**
 * Adds {@link QuotaInstrumentation} to the GraphQL engine (ServiceLoader, like
 * {@code org.newsroom.graphql.GraphQLCustomizations}): after SmallRye's depth and complexity
 * limits, so that the cheaper checks refuse first, and before the operation metrics.
 */
@Priority(1500)
public class QuotaGraphQL implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        return Instrumentations.append(builder, new QuotaInstrumentation());
    }
}
