package org.newsroom.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;

/**
 * Instrumentations added before and after those the engine's builder already holds (SmallRye's,
 * nested in chains) all run, in that order, over a real graphql-java engine.
 */
class InstrumentationsTest {

    private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(
            new SchemaParser().parse(resource("schema")),
            RuntimeWiring.newRuntimeWiring()
                    .type("Query", query -> query.dataFetcher("headlines", environment -> List.of(
                            Map.of("title", "Budget passes", "desk", "politics"),
                            Map.of("title", "Flood warning", "desk", "weather"))))
                    .build());

    @Test
    void prependedAndAppendedInstrumentationsRunAroundTheBuildersOwnInTheirOrder() {
        Tagger first = new Tagger("P");
        Tagger smallRyeOwn = new Tagger("S");
        Tagger nested = new Tagger("N");
        Tagger last = new Tagger("L");
        GraphQL.Builder builder = GraphQL.newGraphQL(SCHEMA).instrumentation(
                new ChainedInstrumentation(List.of(smallRyeOwn, new ChainedInstrumentation(List.of(nested)))));

        Instrumentations.append(Instrumentations.prepend(builder, first), last);
        ExecutionResult result = builder.build().execute(ExecutionInput.newExecutionInput(resource("headlines")).build());

        assertEquals(List.of(), result.getErrors());
        Map<String, List<Map<String, Object>>> data = result.getData();
        assertEquals("Budget passesPSNL", data.get("headlines").get(0).get("title"), "fetchers wrapped in order");
        assertEquals("politicsPSNL", data.get("headlines").get(0).get("desk"));
        assertEquals("PSNL", result.getExtensions().get("trail"), "each result step saw the one before");
    }

    /** Suffixes text fields with its name and adds it to the result's trail. */
    private static final class Tagger extends SimplePerformantInstrumentation {
        private final String name;

        Tagger(String name) {
            this.name = name;
        }

        @Override
        public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
                InstrumentationState state) {
            return environment -> {
                Object value = fetcher.get(environment);
                return value instanceof String text ? text + name : value;
            };
        }

        @Override
        public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            Object before = result.getExtensions() == null ? null : result.getExtensions().get("trail");
            return CompletableFuture.completedFuture(
                    result.transform(builder -> builder.addExtension("trail", (before == null ? "" : before) + name)));
        }
    }

    private static String resource(String name) {
        return GraphQLClient.load("instrumentations/" + name);
    }
}
