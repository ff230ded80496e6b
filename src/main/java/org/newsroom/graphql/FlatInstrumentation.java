package org.newsroom.graphql;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.FieldValueInfo;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.DocumentAndVariables;
import graphql.execution.instrumentation.ExecuteObjectInstrumentationContext;
import graphql.execution.instrumentation.ExecutionStrategyInstrumentationContext;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentation;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionStrategyParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Document;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;

/**
 * Runs a list of instrumentations in order, like graphql-java's {@link ChainedInstrumentation},
 * but calls each hook only on the instrumentations whose class implements it.
 * <p>
 * graphql-java calls several hooks for every field (execution, fetching, data fetcher, completion,
 * list completion); a chain asks each of its instrumentations and collects their contexts, nested
 * chains once per level, even though nearly all of ours only look at whole operations. Which
 * instrumentation implements which hook is decided once here, by reflection: a hook whose method
 * is still graphql-java's default (of {@link Instrumentation} or {@link SimplePerformantInstrumentation})
 * is never called, and a hook nobody implements returns its input or a shared no-op context.
 * <p>
 * Nested {@link ChainedInstrumentation}s (exactly that class: subclasses such as
 * NoContextChainedInstrumentation behave differently and stay whole) and flat instrumentations are
 * flattened in their order. Every instrumentation keeps its own state, as in a chain.
 */
public final class FlatInstrumentation implements Instrumentation {

    private final List<Instrumentation> instrumentations;
    /** Per position in {@link #instrumentations}: where its state is, -1 when it creates none. */
    private final int[] stateIndexes;

    private final Implementers stateCreation;
    private final Implementers execution;
    private final Implementers parse;
    private final Implementers validation;
    private final Implementers executeOperation;
    private final Implementers executionStrategy;
    private final Implementers executeObject;
    private final Implementers deferredField;
    private final Implementers subscribedFieldEvent;
    private final Implementers fieldExecution;
    private final Implementers fieldFetch;
    private final Implementers fieldFetching;
    private final Implementers fieldCompletion;
    private final Implementers fieldListCompletion;
    private final Implementers executionInput;
    private final Implementers documentAndVariables;
    private final Implementers schema;
    private final Implementers executionContext;
    private final Implementers dataFetcher;
    private final Implementers executionResult;

    public FlatInstrumentation(List<? extends Instrumentation> instrumentations) {
        List<Instrumentation> flat = new ArrayList<>();
        instrumentations.forEach(instrumentation -> flatten(instrumentation, flat));
        this.instrumentations = List.copyOf(flat);

        Class<?> createState = InstrumentationCreateStateParameters.class;
        Class<?> execution = InstrumentationExecutionParameters.class;
        Class<?> fieldFetch = InstrumentationFieldFetchParameters.class;
        Class<?> fieldComplete = InstrumentationFieldCompleteParameters.class;
        Class<?> strategy = InstrumentationExecutionStrategyParameters.class;
        Class<?> state = InstrumentationState.class;

        // Each position in the list has its own state, as in a chain (even the same instance twice).
        Method createStateAsync = hook("createStateAsync", createState);
        Method createStateNow = hook("createState", createState);
        this.stateIndexes = new int[flat.size()];
        int stateCreators = 0;
        for (int position = 0; position < flat.size(); position++) {
            boolean createsState = implementsAny(flat.get(position), createStateAsync, createStateNow);
            stateIndexes[position] = createsState ? stateCreators++ : -1;
        }
        this.stateCreation = implementersOf(createStateAsync, createStateNow);

        this.execution = implementersOf(hook("beginExecution", execution, state));
        this.parse = implementersOf(hook("beginParse", execution, state));
        this.validation = implementersOf(hook("beginValidation", InstrumentationValidationParameters.class, state));
        this.executeOperation = implementersOf(
                hook("beginExecuteOperation", InstrumentationExecuteOperationParameters.class, state));
        this.executionStrategy = implementersOf(hook("beginExecutionStrategy", strategy, state));
        this.executeObject = implementersOf(hook("beginExecuteObject", strategy, state));
        this.deferredField = implementersOf(hook("beginDeferredField", state));
        this.subscribedFieldEvent = implementersOf(
                hook("beginSubscribedFieldEvent", InstrumentationFieldParameters.class, state));
        this.fieldExecution = implementersOf(hook("beginFieldExecution", InstrumentationFieldParameters.class, state));
        this.fieldFetch = implementersOf(hook("beginFieldFetch", fieldFetch, state));
        // graphql-java's default beginFieldFetching calls beginFieldFetch: either one implements it
        this.fieldFetching = implementersOf(hook("beginFieldFetching", fieldFetch, state),
                hook("beginFieldFetch", fieldFetch, state));
        this.fieldCompletion = implementersOf(hook("beginFieldCompletion", fieldComplete, state));
        this.fieldListCompletion = implementersOf(hook("beginFieldListCompletion", fieldComplete, state));
        this.executionInput = implementersOf(hook("instrumentExecutionInput", ExecutionInput.class, execution, state));
        this.documentAndVariables = implementersOf(
                hook("instrumentDocumentAndVariables", DocumentAndVariables.class, execution, state));
        this.schema = implementersOf(hook("instrumentSchema", GraphQLSchema.class, execution, state));
        this.executionContext = implementersOf(
                hook("instrumentExecutionContext", ExecutionContext.class, execution, state));
        this.dataFetcher = implementersOf(hook("instrumentDataFetcher", DataFetcher.class, fieldFetch, state));
        this.executionResult = implementersOf(
                hook("instrumentExecutionResult", ExecutionResult.class, execution, state));
    }

    /** All instrumentations, nested chains flattened, in the order they run. */
    public List<Instrumentation> getInstrumentations() {
        return instrumentations;
    }

    private static void flatten(Instrumentation instrumentation, List<Instrumentation> into) {
        if (instrumentation instanceof FlatInstrumentation flat) {
            into.addAll(flat.instrumentations);
        } else if (instrumentation != null && instrumentation.getClass() == ChainedInstrumentation.class) {
            ((ChainedInstrumentation) instrumentation).getInstrumentations().forEach(nested -> flatten(nested, into));
        } else if (instrumentation != null) {
            into.add(instrumentation);
        }
    }

    private static Method hook(String name, Class<?>... parameterTypes) {
        try {
            return Instrumentation.class.getMethod(name, parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("graphql-java's Instrumentation has no hook " + name, e);
        }
    }

    /** The instrumentations whose class implements one of these hooks, in list order. */
    private Implementers implementersOf(Method... hooks) {
        List<Instrumentation> implementers = new ArrayList<>();
        List<Integer> implementersStates = new ArrayList<>();
        for (int position = 0; position < instrumentations.size(); position++) {
            if (implementsAny(instrumentations.get(position), hooks)) {
                implementers.add(instrumentations.get(position));
                implementersStates.add(stateIndexes[position]);
            }
        }
        return new Implementers(implementers, implementersStates);
    }

    private static boolean implementsAny(Instrumentation instrumentation, Method... hooks) {
        for (Method hook : hooks) {
            if (overrides(instrumentation.getClass(), hook)) {
                return true;
            }
        }
        return false;
    }

    private static boolean overrides(Class<?> type, Method hook) {
        try {
            Class<?> declaring = type.getMethod(hook.getName(), hook.getParameterTypes()).getDeclaringClass();
            return declaring != Instrumentation.class && declaring != SimplePerformantInstrumentation.class
                    && declaring != SimpleInstrumentation.class;
        } catch (NoSuchMethodException | RuntimeException e) {
            return true; // cannot tell: call it, as a chain would
        }
    }

    // ---- state

    @Override
    public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
        if (stateCreation.isEmpty()) {
            return null; // every instrumentation is given a null state, as in a chain of stateless ones
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<InstrumentationState>[] states = new CompletableFuture[stateCreation.size()];
        boolean allCreated = true;
        for (int i = 0; i < states.length; i++) {
            CompletableFuture<InstrumentationState> state = stateCreation.get(i).createStateAsync(parameters);
            states[i] = state == null ? CompletableFuture.completedFuture(null) : state;
            allCreated &= states[i].isDone() && !states[i].isCompletedExceptionally();
        }
        if (allCreated) {
            return CompletableFuture.completedFuture(States.of(states));
        }
        return CompletableFuture.allOf(states).thenApply(created -> States.of(states));
    }

    /** graphql-java asks for {@link #createStateAsync}; this one waits for states created asynchronously. */
    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        CompletableFuture<InstrumentationState> state = createStateAsync(parameters);
        return state == null ? null : state.join();
    }

    private static final class States implements InstrumentationState {
        private final InstrumentationState[] states;

        private States(InstrumentationState[] states) {
            this.states = states;
        }

        static States of(CompletableFuture<InstrumentationState>[] created) {
            InstrumentationState[] states = new InstrumentationState[created.length];
            for (int i = 0; i < created.length; i++) {
                states[i] = created[i].join();
            }
            return new States(states);
        }
    }

    /** The instrumentations that implement one hook, each with where its own state is. */
    private static final class Implementers {
        private final Instrumentation[] instrumentations;
        private final int[] stateIndexes;

        Implementers(List<Instrumentation> instrumentations, List<Integer> stateIndexes) {
            this.instrumentations = instrumentations.toArray(new Instrumentation[0]);
            this.stateIndexes = stateIndexes.stream().mapToInt(Integer::intValue).toArray();
        }

        boolean isEmpty() {
            return instrumentations.length == 0;
        }

        int size() {
            return instrumentations.length;
        }

        Instrumentation get(int index) {
            return instrumentations[index];
        }

        InstrumentationState stateOf(int index, InstrumentationState flatState) {
            int stateIndex = stateIndexes[index];
            return stateIndex < 0 || flatState == null ? null : ((States) flatState).states[stateIndex];
        }
    }

    // ---- hooks that return a context

    /**
     * The context of the one implementer as it is, or all non-null contexts of several combined
     * (null when there are none, which graphql-java treats as a no-op).
     */
    private static <C> C contexts(Implementers implementers, InstrumentationState state,
            BiFunction<Instrumentation, InstrumentationState, C> begin, Function<List<C>, C> combine) {
        if (implementers.size() == 1) {
            return begin.apply(implementers.get(0), implementers.stateOf(0, state));
        }
        List<C> contexts = new ArrayList<>(implementers.size());
        for (int i = 0; i < implementers.size(); i++) {
            C context = begin.apply(implementers.get(i), implementers.stateOf(i, state));
            if (context != null) {
                contexts.add(context);
            }
        }
        return contexts.isEmpty() ? null : contexts.size() == 1 ? contexts.get(0) : combine.apply(contexts);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        if (execution.isEmpty()) {
            return SimpleInstrumentationContext.noOp();
        }
        return contexts(execution, state, (it, own) -> it.beginExecution(parameters, own), AllContexts::new);
    }

    @Override
    public InstrumentationContext<Document> beginParse(InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        if (parse.isEmpty()) {
            return SimpleInstrumentationContext.noOp();
        }
        return contexts(parse, state, (it, own) -> it.beginParse(parameters, own), AllContexts::new);
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
            InstrumentationState state) {
        if (validation.isEmpty()) {
            return SimpleInstrumentationContext.noOp();
        }
        return contexts(validation, state, (it, own) -> it.beginValidation(parameters, own), AllContexts::new);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        if (executeOperation.isEmpty()) {
            return SimpleInstrumentationContext.noOp();
        }
        return contexts(executeOperation, state, (it, own) -> it.beginExecuteOperation(parameters, own),
                AllContexts::new);
    }

    @Override
    public ExecutionStrategyInstrumentationContext beginExecutionStrategy(
            InstrumentationExecutionStrategyParameters parameters, InstrumentationState state) {
        if (executionStrategy.isEmpty()) {
            return ExecutionStrategyInstrumentationContext.NOOP;
        }
        return contexts(executionStrategy, state, (it, own) -> it.beginExecutionStrategy(parameters, own),
                AllExecutionStrategyContexts::new);
    }

    @Override
    public ExecuteObjectInstrumentationContext beginExecuteObject(InstrumentationExecutionStrategyParameters parameters,
            InstrumentationState state) {
        if (executeObject.isEmpty()) {
            return ExecuteObjectInstrumentationContext.NOOP;
        }
        return contexts(executeObject, state, (it, own) -> it.beginExecuteObject(parameters, own),
                AllExecuteObjectContexts::new);
    }

    @Override
    public InstrumentationContext<Object> beginDeferredField(InstrumentationState state) {
        if (deferredField.isEmpty()) {
            return SimpleInstrumentationContext.noOp();
        }
        return contexts(deferredField, state, Instrumentation::beginDeferredField, AllContexts::new);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginSubscribedFieldEvent(InstrumentationFieldParameters parameters,
            InstrumentationState state) {
        if (subscribedFieldEvent.isEmpty()) {
            return SimpleInstrumentationContext.noOp();
        }
        return contexts(subscribedFieldEvent, state, (it, own) -> it.beginSubscribedFieldEvent(parameters, own),
                AllContexts::new);
    }

    @Override
    public InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
            InstrumentationState state) {
        if (fieldExecution.isEmpty()) {
            return SimpleInstrumentationContext.noOp();
        }
        return contexts(fieldExecution, state, (it, own) -> it.beginFieldExecution(parameters, own), AllContexts::new);
    }

    @Override
    @SuppressWarnings("deprecation")
    public InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        if (fieldFetch.isEmpty()) {
            return SimpleInstrumentationContext.noOp();
        }
        return contexts(fieldFetch, state, (it, own) -> it.beginFieldFetch(parameters, own), AllContexts::new);
    }

    @Override
    public FieldFetchingInstrumentationContext beginFieldFetching(InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        if (fieldFetching.isEmpty()) {
            return FieldFetchingInstrumentationContext.NOOP;
        }
        return contexts(fieldFetching, state, (it, own) -> it.beginFieldFetching(parameters, own),
                AllFieldFetchingContexts::new);
    }

    @Override
    public InstrumentationContext<Object> beginFieldCompletion(InstrumentationFieldCompleteParameters parameters,
            InstrumentationState state) {
        if (fieldCompletion.isEmpty()) {
            return SimpleInstrumentationContext.noOp();
        }
        return contexts(fieldCompletion, state, (it, own) -> it.beginFieldCompletion(parameters, own),
                AllContexts::new);
    }

    @Override
    public InstrumentationContext<Object> beginFieldListCompletion(InstrumentationFieldCompleteParameters parameters,
            InstrumentationState state) {
        if (fieldListCompletion.isEmpty()) {
            return SimpleInstrumentationContext.noOp();
        }
        return contexts(fieldListCompletion, state, (it, own) -> it.beginFieldListCompletion(parameters, own),
                AllContexts::new);
    }

    // ---- hooks that pass a value along, in list order

    @Override
    public ExecutionInput instrumentExecutionInput(ExecutionInput input, InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        for (int i = 0; i < executionInput.size(); i++) {
            input = executionInput.get(i).instrumentExecutionInput(input, parameters, executionInput.stateOf(i, state));
        }
        return input;
    }

    @Override
    public DocumentAndVariables instrumentDocumentAndVariables(DocumentAndVariables value,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        for (int i = 0; i < documentAndVariables.size(); i++) {
            value = documentAndVariables.get(i).instrumentDocumentAndVariables(value, parameters,
                    documentAndVariables.stateOf(i, state));
        }
        return value;
    }

    @Override
    public GraphQLSchema instrumentSchema(GraphQLSchema value, InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        for (int i = 0; i < schema.size(); i++) {
            value = schema.get(i).instrumentSchema(value, parameters, schema.stateOf(i, state));
        }
        return value;
    }

    @Override
    public ExecutionContext instrumentExecutionContext(ExecutionContext value,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        for (int i = 0; i < executionContext.size(); i++) {
            value = executionContext.get(i).instrumentExecutionContext(value, parameters,
                    executionContext.stateOf(i, state));
        }
        return value;
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        for (int i = 0; i < dataFetcher.size(); i++) {
            fetcher = dataFetcher.get(i).instrumentDataFetcher(fetcher, parameters, dataFetcher.stateOf(i, state));
        }
        return fetcher;
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        return executionResultFrom(0, result, parameters, state);
    }

    /** Each implementer gets the result of the one before, waiting only for futures not yet done. */
    private CompletableFuture<ExecutionResult> executionResultFrom(int first, ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        for (int i = first; i < executionResult.size(); i++) {
            CompletableFuture<ExecutionResult> next;
            try {
                next = executionResult.get(i).instrumentExecutionResult(result, parameters,
                        executionResult.stateOf(i, state));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(new CompletionException(e));
            }
            if (!next.isDone() || next.isCompletedExceptionally()) {
                int following = i + 1;
                return next.thenCompose(shaped -> executionResultFrom(following, shaped, parameters, state));
            }
            result = next.join();
        }
        return CompletableFuture.completedFuture(result);
    }

    // ---- several contexts as one

    private static final class AllContexts<T> implements InstrumentationContext<T> {
        private final List<InstrumentationContext<T>> contexts;

        AllContexts(List<InstrumentationContext<T>> contexts) {
            this.contexts = contexts;
        }

        @Override
        public void onDispatched() {
            for (InstrumentationContext<T> context : contexts) {
                context.onDispatched();
            }
        }

        @Override
        public void onCompleted(T result, Throwable t) {
            for (InstrumentationContext<T> context : contexts) {
                context.onCompleted(result, t);
            }
        }
    }

    private static final class AllExecutionStrategyContexts implements ExecutionStrategyInstrumentationContext {
        private final List<ExecutionStrategyInstrumentationContext> contexts;

        AllExecutionStrategyContexts(List<ExecutionStrategyInstrumentationContext> contexts) {
            this.contexts = contexts;
        }

        @Override
        public void onDispatched() {
            for (ExecutionStrategyInstrumentationContext context : contexts) {
                context.onDispatched();
            }
        }

        @Override
        public void onCompleted(ExecutionResult result, Throwable t) {
            for (ExecutionStrategyInstrumentationContext context : contexts) {
                context.onCompleted(result, t);
            }
        }

        @Override
        public void onFieldValuesInfo(List<FieldValueInfo> fieldValueInfoList) {
            for (ExecutionStrategyInstrumentationContext context : contexts) {
                context.onFieldValuesInfo(fieldValueInfoList);
            }
        }

        @Override
        public void onFieldValuesException() {
            for (ExecutionStrategyInstrumentationContext context : contexts) {
                context.onFieldValuesException();
            }
        }
    }

    private static final class AllExecuteObjectContexts implements ExecuteObjectInstrumentationContext {
        private final List<ExecuteObjectInstrumentationContext> contexts;

        AllExecuteObjectContexts(List<ExecuteObjectInstrumentationContext> contexts) {
            this.contexts = contexts;
        }

        @Override
        public void onDispatched() {
            for (ExecuteObjectInstrumentationContext context : contexts) {
                context.onDispatched();
            }
        }

        @Override
        public void onCompleted(Map<String, Object> result, Throwable t) {
            for (ExecuteObjectInstrumentationContext context : contexts) {
                context.onCompleted(result, t);
            }
        }

        @Override
        public void onFieldValuesInfo(List<FieldValueInfo> fieldValueInfoList) {
            for (ExecuteObjectInstrumentationContext context : contexts) {
                context.onFieldValuesInfo(fieldValueInfoList);
            }
        }

        @Override
        public void onFieldValuesException() {
            for (ExecuteObjectInstrumentationContext context : contexts) {
                context.onFieldValuesException();
            }
        }
    }

    private static final class AllFieldFetchingContexts implements FieldFetchingInstrumentationContext {
        private final List<FieldFetchingInstrumentationContext> contexts;

        AllFieldFetchingContexts(List<FieldFetchingInstrumentationContext> contexts) {
            this.contexts = contexts;
        }

        @Override
        public void onDispatched() {
            for (FieldFetchingInstrumentationContext context : contexts) {
                context.onDispatched();
            }
        }

        @Override
        public void onFetchedValue(Object fetchedValue) {
            for (FieldFetchingInstrumentationContext context : contexts) {
                context.onFetchedValue(fetchedValue);
            }
        }

        @Override
        public void onCompleted(Object result, Throwable t) {
            for (FieldFetchingInstrumentationContext context : contexts) {
                context.onCompleted(result, t);
            }
        }
    }
}
