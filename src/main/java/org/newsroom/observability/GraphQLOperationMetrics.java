package org.newsroom.observability;

import java.lang.reflect.Field;
import java.util.List;

import jakarta.annotation.Priority;

import org.eclipse.microprofile.config.ConfigProvider;

import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import io.smallrye.graphql.spi.EventingService;

/**
 * Adds {@link OperationMetricsInstrumentation} to the GraphQL engine. Registered through
 * ServiceLoader like {@code org.newsroom.graphql.GraphQLCustomizations}; the higher priority
 * makes SmallRye call it after that one, so the metrics see errors after they have been given
 * their {@code extensions.code}.
 */
@Priority(2000)
public class GraphQLOperationMetrics implements EventingService {

    static final String MAX_OPERATION_NAMES = "newsroom.metrics.graphql.max-operation-names";

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        int maxNames = ConfigProvider.getConfig().getOptionalValue(MAX_OPERATION_NAMES, Integer.class).orElse(200);
        OperationMetricsInstrumentation metrics = new OperationMetricsInstrumentation(new OperationNames(maxNames));
        Instrumentation existing = existingInstrumentation(builder);
        return builder.instrumentation(existing == null
                ? metrics
                : new ChainedInstrumentation(List.of(existing, metrics)));
    }

    /** The builder has no getter for what SmallRye and the error shaping already installed. */
    private static Instrumentation existingInstrumentation(GraphQL.Builder builder) {
        try {
            Field field = GraphQL.Builder.class.getDeclaredField("instrumentation");
            field.setAccessible(true);
            return (Instrumentation) field.get(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot extend the GraphQL instrumentation of this graphql-java version", e);
        }
    }
}
