package org.newsroom.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.ExecuteObjectInstrumentationContext;
import graphql.execution.instrumentation.ExecutionStrategyInstrumentationContext;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;

/**
 * The flat instrumentation runs every hook of every instrumentation that implements it, each with
 * its own state and in list order, and skips those that do not, over a real graphql-java engine.
 */
class FlatInstrumentationTest {

    /** Two headlines of two fields each: five fields in all. */
    private static final int FIELDS = 5;

    private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(
            new SchemaParser().parse(resource("schema")),
            RuntimeWiring.newRuntimeWiring()
                    .type("Query", query -> query.dataFetcher("headlines", environment -> List.of(
                            Map.of("title", "Budget passes", "desk", "politics"),
                            Map.of("title", "Flood warning", "desk", "weather"))))
                    .build());

    @Test
    void aPerFieldHookReachesEachInstrumentationThatImplementsItWithItsOwnState() {
        FieldCounter first = new FieldCounter();
        FieldCounter second = new FieldCounter();
        ResultTrail statefulBetween = new ResultTrail("-");
        // nested as SmallRye's and our own appends used to nest them
        Instrumentation flat = new FlatInstrumentation(List.of(
                new ChainedInstrumentation(List.of(first, new ChainedInstrumentation(List.of(statefulBetween)))),
                second));

        ExecutionResult result = execute(flat, "headlines");

        assertTrue(result.getErrors().isEmpty(), result.getErrors()::toString);
        for (FieldCounter counter : List.of(first, second)) {
            assertEquals(1, counter.created.size(), "one state per execution");
            assertEquals(Collections.nCopies(FIELDS, counter.created.get(0)), counter.statesSeen,
                    "every field execution is given the state this instrumentation created");
            assertEquals(FIELDS, counter.created.get(0).completed, "every field's context is completed");
        }
        assertEquals(1, statefulBetween.created);
    }

    @Test
    void aHookIsLeftToTheInstrumentationsThatImplementIt() {
        FieldCounter counter = new FieldCounter();
        FlatInstrumentation flat = new FlatInstrumentation(
                List.of(new ResultTrail("a"), counter, new ResultTrail("b"), new TranscriptOnly()));
        InstrumentationState state = flat.createStateAsync(null).join();

        // the counter's own context, not one made of it and the others' no-ops
        InstrumentationContext<Object> fieldContext = flat.beginFieldExecution(null, state);
        assertSame(counter.returned.get(0), fieldContext);
        assertEquals(List.of(counter.created.get(0)), counter.statesSeen);
    }

    @Test
    void aHookNoInstrumentationImplementsCostsNothing() {
        FlatInstrumentation flat = new FlatInstrumentation(List.of(new ResultTrail("a"), new Instrumentation() {
        }, SimplePerformantInstrumentation.INSTANCE, new MaxQueryComplexityInstrumentation(100)));
        InstrumentationState state = flat.createStateAsync(null).join();
        DataFetcher<?> fetcher = environment -> "value";

        assertSame(SimpleInstrumentationContext.noOp(), flat.beginFieldExecution(null, state));
        assertSame(SimpleInstrumentationContext.noOp(), flat.beginFieldCompletion(null, state));
        assertSame(SimpleInstrumentationContext.noOp(), flat.beginFieldListCompletion(null, state));
        assertSame(FieldFetchingInstrumentationContext.NOOP, flat.beginFieldFetching(null, state));
        assertSame(ExecutionStrategyInstrumentationContext.NOOP, flat.beginExecutionStrategy(null, state));
        assertSame(ExecuteObjectInstrumentationContext.NOOP, flat.beginExecuteObject(null, state));
        assertSame(fetcher, flat.instrumentDataFetcher(fetcher, null, state));
    }

    @Test
    void withoutStatefulInstrumentationsThereIsNoState() {
        FlatInstrumentation flat = new FlatInstrumentation(List.of(new TranscriptOnly()));

        assertNull(flat.createStateAsync(null));
        assertEquals("Budget passes" + "T", execute(flat, "headlines").<Map<String, List<Map<String, Object>>>>getData()
                .get("headlines").get(0).get("title"));
    }

    @Test
    void dataFetchersAndResultsPassThroughTheInstrumentationsInListOrder() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Instrumentation flat = new FlatInstrumentation(List.of(
                new Tagger("A", calls), new ChainedInstrumentation(List.of(new Tagger("B", calls))),
                new SlowResultTrail("C"), new Tagger("D", calls)));

        ExecutionResult result = execute(flat, "headlines");

        assertTrue(result.getErrors().isEmpty(), result.getErrors()::toString);
        // A wrapped the engine's fetcher, B wrapped A's, D wrapped B's: A's suffix comes first
        assertEquals("Budget passesABD", titleOf(result, 0));
        List<String> perField = new ArrayList<>();
        for (int field = 0; field < FIELDS; field++) {
            perField.addAll(List.of("A", "B", "D"));
        }
        assertEquals(perField, calls, "for every field, the data fetcher hook in list order");
        assertEquals("ABCD", result.getExtensions().get("trail"), "each result step saw the one before");
    }

    @Test
    void appendAndPrependBuildOneFlatInstrumentationInTheirOrder() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Tagger first = new Tagger("P", calls);
        Tagger smallRyeOwn = new Tagger("S", calls);
        Tagger nested = new Tagger("N", calls);
        Tagger last = new Tagger("L", calls);
        GraphQL.Builder builder = GraphQL.newGraphQL(SCHEMA).instrumentation(
                new ChainedInstrumentation(List.of(smallRyeOwn, new ChainedInstrumentation(List.of(nested)))));

        Instrumentations.append(Instrumentations.prepend(builder, first), last);
        GraphQL engine = builder.build();

        FlatInstrumentation flat = assertInstanceOf(FlatInstrumentation.class, engine.getInstrumentation());
        assertEquals(List.of(first, smallRyeOwn, nested, last), flat.getInstrumentations());
        ExecutionResult result = engine.execute(ExecutionInput.newExecutionInput(resource("headlines")).build());
        assertEquals("Budget passesPSNL", titleOf(result, 0));
        assertEquals("PSNL", result.getExtensions().get("trail"));
    }

    @Test
    void graphqlJavasOwnLimitsStillAbortAndTheResultIsStillShaped() {
        // state created asynchronously, validation and operation hooks: graphql-java's complexity limit
        Instrumentation flat = new FlatInstrumentation(List.of(
                new MaxQueryComplexityInstrumentation(2), new FieldCounter(), new ResultTrail("shaped")));

        ExecutionResult result = execute(flat, "headlines");

        assertNull(result.getData());
        assertEquals(1, result.getErrors().size());
        assertTrue(result.getErrors().get(0).getMessage().contains("maximum query complexity exceeded 3 > 2"),
                result.getErrors()::toString);
        assertEquals("shaped", result.getExtensions().get("trail"));
    }

    @Test
    void everyHookOfGraphqlJavasInstrumentationIsForwarded() throws NoSuchMethodException {
        for (Method hook : Instrumentation.class.getMethods()) {
            Method forwarded = FlatInstrumentation.class.getMethod(hook.getName(), hook.getParameterTypes());
            assertEquals(FlatInstrumentation.class, forwarded.getDeclaringClass(),
                    hook.getName() + " would silently keep graphql-java's default");
        }
    }

    // ---- instrumentations to observe

    /** Counts field executions in its own state. */
    static final class FieldCounter extends SimplePerformantInstrumentation {
        final List<Count> created = new ArrayList<>();
        final List<InstrumentationState> statesSeen = Collections.synchronizedList(new ArrayList<>());
        final List<InstrumentationContext<Object>> returned = new ArrayList<>();

        static final class Count implements InstrumentationState {
            volatile int completed;
        }

        @Override
        public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
            Count count = new Count();
            created.add(count);
            return count;
        }

        @Override
        public InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
                InstrumentationState state) {
            statesSeen.add(state);
            InstrumentationContext<Object> context = SimpleInstrumentationContext.whenCompleted(
                    (value, failure) -> ((Count) state).completed++);
            returned.add(context);
            return context;
        }
    }

    /** Appends its name to the result's "trail" extension; stateful, to shift the others' states. */
    static class ResultTrail extends SimplePerformantInstrumentation {
        private final String name;
        int created;

        ResultTrail(String name) {
            this.name = name;
        }

        @Override
        public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
            created++;
            return new InstrumentationState() {
            };
        }

        @Override
        public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            return CompletableFuture.completedFuture(withTrail(result, name));
        }
    }

    /** A result step that answers later, on another thread. */
    static final class SlowResultTrail extends SimplePerformantInstrumentation {
        private final String name;

        SlowResultTrail(String name) {
            this.name = name;
        }

        @Override
        public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            return CompletableFuture.supplyAsync(() -> withTrail(result, name),
                    CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        }
    }

    /** Suffixes text fields with its name and adds it to the result's trail; stateless. */
    static final class Tagger extends SimplePerformantInstrumentation {
        private final String name;
        private final List<String> calls;

        Tagger(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        @Override
        public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
                InstrumentationState state) {
            calls.add(name);
            return environment -> {
                Object value = fetcher.get(environment);
                return value instanceof String text ? text + name : value;
            };
        }

        @Override
        public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            return CompletableFuture.completedFuture(withTrail(result, name));
        }
    }

    /** Implements only the data fetcher hook, straight on graphql-java's interface. */
    static final class TranscriptOnly implements Instrumentation {
        @Override
        public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
                InstrumentationState state) {
            return environment -> {
                Object value = fetcher.get(environment);
                return "Budget passes".equals(value) ? value + "T" : value;
            };
        }
    }

    // ----

    private static ExecutionResult withTrail(ExecutionResult result, String name) {
        Object before = result.getExtensions() == null ? null : result.getExtensions().get("trail");
        return result.transform(builder -> builder.addExtension("trail", (before == null ? "" : before) + name));
    }

    private static ExecutionResult execute(Instrumentation instrumentation, String document) {
        return GraphQL.newGraphQL(SCHEMA).instrumentation(instrumentation).build()
                .execute(ExecutionInput.newExecutionInput(resource(document)).build());
    }

    private static String titleOf(ExecutionResult result, int index) {
        Map<String, List<Map<String, Object>>> data = result.getData();
        return (String) data.get("headlines").get(index).get("title");
    }

    private static String resource(String name) {
        return GraphQLClient.load("flat-instrumentation/" + name);
    }
}
