package org.newsroom.graphql;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import graphql.ErrorType;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Document;
import graphql.validation.ValidationError;

/**
 * The operation limits inside the engine, after parsing and before validation, whatever the
 * transport: executed fields, aliases and root fields (as {@link GraphQLRequestGuard} checks them
 * over HTTP), complexity (SmallRye's setting, one per executed field) and depth, all from one
 * {@link OperationMeasure} that expands no fragment. Nothing
 * that expands fragments (validation, graphql-java's depth and complexity limits, the normalized
 * operation behind the query cost) sees a document beyond them. A refusal carries its
 * {@code extensions.code} and {@code extensions.limit}, so no error needs classifying by its text.
 */
public class OperationLimitsInstrumentation extends SimplePerformantInstrumentation {

    private final long maxFields;
    private final long maxAliases;
    private final long maxRootFields;
    private final int maxDepth;
    private final long maxComplexity;

    OperationLimitsInstrumentation(long maxFields, long maxAliases, long maxRootFields, int maxDepth,
            long maxComplexity) {
        this.maxFields = maxFields;
        this.maxAliases = maxAliases;
        this.maxRootFields = maxRootFields;
        this.maxDepth = maxDepth;
        this.maxComplexity = maxComplexity;
    }

    /** With the configured limits (newsroom.limits.*, and SmallRye's depth limit). */
    public static OperationLimitsInstrumentation configured() {
        Config config = ConfigProvider.getConfig();
        return new OperationLimitsInstrumentation(
                config.getOptionalValue("newsroom.limits.max-fields", Long.class).orElse(2000L),
                config.getOptionalValue("newsroom.limits.max-aliases", Long.class).orElse(30L),
                config.getOptionalValue("newsroom.limits.max-root-fields", Long.class).orElse(15L),
                config.getOptionalValue("quarkus.smallrye-graphql.instrumentation-query-depth", Integer.class)
                        .orElse(Integer.MAX_VALUE),
                config.getOptionalValue("quarkus.smallrye-graphql.instrumentation-query-complexity", Long.class)
                        .orElse(Long.MAX_VALUE));
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
            InstrumentationState state) {
        Breach breach = breach(parameters.getDocument());
        if (breach != null) {
            throw refusal(breach.limit(), breach.message());
        }
        return super.beginValidation(parameters, state);
    }

    /** A limit a document exceeds: which ({@link LimitBreaches}), and the error's message. */
    public record Breach(String limit, String message) {
    }

    /**
     * The first limit the document's operations exceed (every operation of it, as one of them runs),
     * or null: the check that refuses it here, for the read engine to decline what the interpreter
     * refuses and to answer everything else. Nothing is counted.
     */
    public Breach breach(Document document) {
        OperationMeasure measure = OperationMeasure.ofLargest(document);
        if (measure.tooDeep()) {
            return new Breach(LimitBreaches.DEPTH, "The document's fields and fragments are nested too deeply.");
        }
        if (measure.fields() > maxFields) {
            return new Breach(LimitBreaches.FIELDS, "The operation would execute more than " + maxFields
                    + " fields (fragments expanded), the limit.");
        }
        if (measure.fields() > maxComplexity) {
            // graphql-java's complexity with its default calculator: one per executed field
            return new Breach(LimitBreaches.COMPLEXITY, "The operation's complexity (the fields it executes) is "
                    + measure.fields() + ", more than the limit of " + maxComplexity + ".");
        }
        if (measure.aliases() > maxAliases) {
            return new Breach(LimitBreaches.ALIASES, "The operation has more than " + maxAliases
                    + " aliases (fragments expanded), the limit.");
        }
        if (measure.rootFields() > maxRootFields) {
            return new Breach(LimitBreaches.ROOT_FIELDS, "The operation asks for more than " + maxRootFields
                    + " root fields, the limit.");
        }
        if (measure.depth() > maxDepth) {
            return new Breach(LimitBreaches.DEPTH, "The operation nests fields " + measure.depth()
                    + " levels deep, more than the limit of " + maxDepth + ".");
        }
        return null;
    }

    private static AbortExecutionException refusal(String limit, String message) {
        LimitBreaches.count(limit);
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError().message(message)
                .errorType(ErrorType.ExecutionAborted)
                .extensions(Map.of("code", ErrorCode.QUERY_LIMIT_EXCEEDED.name(), "limit", limit)).build()));
    }
}
