package org.newsroom.observability;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.validation.ValidationError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.Arc;

/**
 * Per GraphQL operation: how many ran, how long they took and which errors they returned.
 *
 * <ul>
 * <li>{@code graphql.operation} (timer; Prometheus {@code graphql_operation_seconds_*}), tags
 * {@code operation}, {@code type} (query, mutation, subscription, unknown) and {@code outcome}
 * (success, error);</li>
 * <li>{@code graphql.operation.errors} (counter; {@code graphql_operation_errors_total}), one
 * per error in a response, tags {@code operation}, {@code type} and {@code code} (the error's
 * {@code extensions.code}).</li>
 * </ul>
 * The operation is named by the request's {@code operationName}, else by the only operation of
 * the document; unnamed operations are {@code _anonymous}. The time runs from the start of
 * parsing to the finished result.
 */
public class OperationMetricsInstrumentation extends SimplePerformantInstrumentation {

    static final String OPERATION_TIMER = "graphql.operation";
    static final String ERROR_COUNTER = "graphql.operation.errors";

    private static final Duration[] SLO_BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5) };

    private final OperationNames names;
    private volatile MeterRegistry registry;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    OperationMetricsInstrumentation(OperationNames names) {
        this.names = names;
    }

    /** Per request: when it started and which operation it turned out to be. */
    static final class State implements InstrumentationState {
        final long startNanos = System.nanoTime();
        volatile String name;
        volatile String type = "unknown";
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new State();
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
            InstrumentationState state) {
        // Reached for invalid documents too, where no operation is ever executed.
        if (state instanceof State s) {
            OperationDefinition operation = selectedOperation(parameters.getDocument(), parameters.getOperation());
            if (operation != null) {
                s.name = operation.getName();
                s.type = operation.getOperation().name().toLowerCase(Locale.ROOT);
            }
        }
        return SimpleInstrumentationContext.noOp();
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        if (state instanceof State s) {
            OperationDefinition operation = parameters.getExecutionContext().getOperationDefinition();
            s.name = operation.getName();
            s.type = operation.getOperation().name().toLowerCase(Locale.ROOT);
        }
        return SimpleInstrumentationContext.noOp();
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        if (state instanceof State s) {
            record(result, parameters, s);
        }
        return CompletableFuture.completedFuture(result);
    }

    private void record(ExecutionResult result, InstrumentationExecutionParameters parameters, State state) {
        MeterRegistry meters = registry();
        String operation = names.tag(state.name != null ? state.name : parameters.getOperation());
        recordErrors(meters, operation, state.type, state.startNanos,
                result.getErrors().stream().map(OperationMetricsInstrumentation::code).toList());
    }

    /** An answer with these errors' codes (a success without any), as the interpreter records its own. */
    void record(String operationName, String type, long startNanos, List<String> errorCodes) {
        if (errorCodes.isEmpty()) {
            recordSuccess(operationName, type, startNanos);
        } else {
            recordErrors(registry(), names.tag(operationName), type, startNanos, errorCodes);
        }
    }

    private void recordErrors(MeterRegistry meters, String operation, String type, long startNanos,
            List<String> errorCodes) {
        timer(operation, type, errorCodes.isEmpty() ? "success" : "error")
                .record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        for (String code : errorCodes) {
            Counter.builder(ERROR_COUNTER)
                    .description("Errors in GraphQL responses by operation name and error code")
                    .tags("operation", operation, "type", type, "code", code)
                    .register(meters)
                    .increment();
        }
    }

    void recordSuccess(String operationName, String type, long startNanos) {
        timer(names.tag(operationName), type, "success")
                .record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * The timer, registered once: registering again on every answer (tags sorted, the registry's
     * filters applied, the lookup) was a measurable part of a compiled answer's CPU. Its keys are
     * bounded as the tags are (OperationNames).
     */
    private Timer timer(String operation, String type, String outcome) {
        return timers.computeIfAbsent(new TimerKey(operation, type, outcome), key -> Timer.builder(OPERATION_TIMER)
                .description("GraphQL operations by operation name: count and duration")
                .tags("operation", operation, "type", type, "outcome", outcome)
                .serviceLevelObjectives(SLO_BUCKETS)
                .register(registry()));
    }

    private record TimerKey(String operation, String type, String outcome) {
    }

    private static String code(GraphQLError error) {
        Object code = error.getExtensions() == null ? null : error.getExtensions().get("code");
        return code == null ? "UNKNOWN" : code.toString();
    }

    /** The operation graphql-java will run: the named one, or the only one. */
    private static OperationDefinition selectedOperation(Document document, String requested) {
        if (document == null) {
            return null;
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (requested != null && !requested.isEmpty()) {
            return operations.stream().filter(o -> requested.equals(o.getName())).findFirst().orElse(null);
        }
        return operations.size() == 1 ? operations.get(0) : null;
    }

    private MeterRegistry registry() {
        MeterRegistry meters = registry;
        if (meters == null) {
            meters = Arc.container().select(MeterRegistry.class).get();
            registry = meters;
        }
        return meters;
    }
}
