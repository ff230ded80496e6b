package org.newsroom.observability;

import jakarta.annotation.Priority;

import org.eclipse.microprofile.config.ConfigProvider;
import org.newsroom.graphql.Instrumentations;

import graphql.GraphQL;
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

    private static volatile OperationMetricsInstrumentation current;

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        OperationMetricsInstrumentation metrics = newMetrics();
        synchronized (GraphQLOperationMetrics.class) {
            current = metrics;
        }
        return Instrumentations.append(builder, metrics);
    }

    /**
     * The engine's metrics, which the compiled read path shares (with their bounded operation names);
     * SmallRye builds the engine at its first operation, possibly after compiled answers.
     */
    private static OperationMetricsInstrumentation metrics() {
        OperationMetricsInstrumentation metrics = current;
        if (metrics != null) {
            return metrics;
        }
        synchronized (GraphQLOperationMetrics.class) {
            if (current == null) {
                current = newMetrics();
            }
            return current;
        }
    }

    private static OperationMetricsInstrumentation newMetrics() {
        int maxNames = ConfigProvider.getConfig().getOptionalValue(MAX_OPERATION_NAMES, Integer.class).orElse(200);
        return new OperationMetricsInstrumentation(new OperationNames(maxNames));
    }

    /**
     * Records a query answered without graphql-java (org.newsroom.compiled) in the same series, with
     * the same bounded operation names, as those the interpreter ran: a success, or an answer with
     * errors of these codes.
     */
    public static void recordQuery(String operationName, long startNanos, java.util.List<String> errorCodes) {
        metrics().record(operationName, "query", startNanos, errorCodes);
    }
}
