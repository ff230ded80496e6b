package org.newsroom.graphql;

import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.spi.EventingService;

/**
 * SmallRye's hook into how the GraphQL engine is built, registered through ServiceLoader so that
 * it is always active (CDI events stay off: they cost every request).
 */
public class GraphQLCustomizations implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQLSchema.Builder beforeSchemaBuild(GraphQLSchema.Builder builder) {
        return new ScalarsOnBuild(builder);
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        return Instrumentations.append(ErrorShapingInstrumentation.install(builder), new EntityRepresentations());
    }
}
