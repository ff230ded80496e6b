package org.newsroom.graphql;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.InvalidSyntaxError;
import graphql.language.SourceLocation;
import graphql.execution.ResultPath;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every GraphQL error a stable {@code extensions.code} and a message a person can act on,
 * whichever stage produced it: parsing, validation, variable coercion, limits or a resolver.
 * Unexpected exceptions are logged with a reference and reach the client without internals.
 */
public class ErrorShapingInstrumentation extends SimplePerformantInstrumentation {

    private static final Logger LOG = Logger.getLogger(ErrorShapingInstrumentation.class);

    private static final Set<ValidationErrorType> INPUT_ERRORS = EnumSet.of(
            ValidationErrorType.WrongType,
            ValidationErrorType.BadValueForDefaultArg,
            ValidationErrorType.NullValueForNonNullArgument,
            ValidationErrorType.VariableTypeMismatch);

    /**
     * Adds this instrumentation to those SmallRye already set on the builder, after
     * {@link StorableText}, which checks every resolver's text arguments.
     */
    static GraphQL.Builder install(GraphQL.Builder builder) {
        // the operation limits first, so that nothing that expands fragments sees a document beyond them
        return Instrumentations.append(Instrumentations.append(
                Instrumentations.prepend(builder, OperationLimitsInstrumentation.configured()), new StorableText()),
                new ErrorShapingInstrumentation());
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        if (result.getErrors().isEmpty()) {
            return CompletableFuture.completedFuture(result);
        }
        if (!result.isDataPresent()) {
            markRequestError();
        }
        List<GraphQLError> shaped = new ArrayList<>(result.getErrors().size());
        boolean others = result.getErrors().stream().anyMatch(error -> !isNullBubbling(error));
        for (GraphQLError error : result.getErrors()) {
            if (isNullBubbling(error)) {
                // The consequence of another error (a field that failed is null): that one says why.
                if (!others) {
                    shaped.add(rebuild(error, Map.of(), "The server could not complete this request.",
                            ErrorCode.INTERNAL_SERVER_ERROR));
                }
                continue;
            }
            shaped.add(shape(error));
        }
        List<GraphQLError> documented = shaped.stream().<GraphQLError>map(WithoutClassification::new).toList();
        return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(documented)));
    }

    /**
     * A resolver's refusal (an {@link ApiException} it threw at the field of this location and path)
     * as clients get it from the interpreter: what the compiled read path answers in its place.
     */
    public static GraphQLError refusal(ApiException refused, SourceLocation location, List<Object> path) {
        return asSent(new ExceptionWhileDataFetching(ResultPath.fromList(path), refused, location));
    }

    /** An error as the interpreter's response carries it: shaped, without graphql-java's classification. */
    public static GraphQLError asSent(GraphQLError error) {
        return new WithoutClassification(new ErrorShapingInstrumentation().shape(error));
    }

    private GraphQLError shape(GraphQLError error) {
        if (error instanceof ExceptionWhileDataFetching fetching) {
            ApiException api = apiException(fetching.getException());
            if (api != null) {
                return rebuild(error, api.extensions(), api.getMessage(), api.code());
            }
            String badValue = badArgumentValue(fetching.getException());
            if (badValue != null) {
                return rebuild(error, Map.of(), badValue, ErrorCode.BAD_USER_INPUT);
            }
            ApiException database = DatabaseFailures.classify(fetching.getException());
            if (database != null) {
                LOG.warnf("Database failure at %s: %s", error.getPath(), DatabaseFailures.describe(fetching.getException()));
                return rebuild(error, database.extensions(), database.getMessage(), database.code());
            }
            String reference = UUID.randomUUID().toString();
            LOG.errorf(fetching.getException(), "Resolver failed at %s (reference %s)", error.getPath(), reference);
            return rebuild(error, Map.of(), "The server could not complete this field; reference " + reference + ".",
                    ErrorCode.INTERNAL_SERVER_ERROR);
        }
        if (error instanceof InvalidSyntaxError) {
            return rebuild(error, error.getExtensions(), error.getMessage(), ErrorCode.GRAPHQL_PARSE_FAILED);
        }
        if (error instanceof ValidationError validation) {
            ErrorCode code = INPUT_ERRORS.contains(validation.getValidationErrorType())
                    ? ErrorCode.BAD_USER_INPUT
                    : ErrorCode.GRAPHQL_VALIDATION_FAILED;
            return rebuild(error, error.getExtensions(), error.getMessage(), code);
        }
        ErrorClassification type = error.getErrorType();
        if (type == ErrorType.ValidationError) {
            // variable values that do not coerce to their declared types
            return rebuild(error, error.getExtensions(), error.getMessage(), ErrorCode.BAD_USER_INPUT);
        }
        if (error.getExtensions() != null && error.getExtensions().get("code") != null) {
            return error; // refused by one of our own limits or checks, already with its code
        }
        if (type == ErrorType.ExecutionAborted) {
            // graphql-java's own limits; OperationLimitsInstrumentation refuses before them with the limit's name
            return rebuild(error, error.getExtensions(), error.getMessage(), ErrorCode.QUERY_LIMIT_EXCEEDED);
        }
        if (type == ErrorType.InvalidSyntax) {
            return rebuild(error, error.getExtensions(), error.getMessage(), ErrorCode.GRAPHQL_PARSE_FAILED);
        }
        if (type == ErrorType.OperationNotSupported) {
            return rebuild(error, error.getExtensions(), error.getMessage(), ErrorCode.GRAPHQL_VALIDATION_FAILED);
        }
        // Every error has a code: whatever is left is ours to explain.
        String reference = UUID.randomUUID().toString();
        LOG.errorf("Unclassified GraphQL error at %s (reference %s): %s", error.getPath(), reference, error.getMessage());
        return rebuild(error, Map.of(), "The server could not complete this request; reference " + reference + ".",
                ErrorCode.INTERNAL_SERVER_ERROR);
    }

    /** Tells the HTTP layer ({@link ResponseMediaType}) that the request failed before execution. */
    private static void markRequestError() {
        if (!Arc.container().requestContext().isActive()) {
            return;
        }
        RoutingContext request = Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
        if (request != null) {
            request.put(ResponseMediaType.REQUEST_ERROR, Boolean.TRUE);
        }
    }

    /**
     * An argument value SmallRye could not convert to its Java type (e.g. 1.5E+300 for an Int):
     * the client's mistake, with SmallRye's message code taken off.
     */
    private static String badArgumentValue(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof CoercingParseLiteralException || cause instanceof CoercingParseValueException
                    || cause.getClass().getName().equals("io.smallrye.graphql.transformation.TransformException")) {
                String message = String.valueOf(cause.getMessage()).replaceFirst("^SRGQL\\d+: ", "");
                return unconvertibleValue(message);
            }
        }
        return null;
    }

    private static boolean isNullBubbling(GraphQLError error) {
        return error.getErrorType() == ErrorType.NullValueInNonNullableField;
    }

    private static final Pattern UNCONVERTIBLE_INPUT = Pattern.compile(
            "argument '([^']+)' with value .* is not a valid 'Unknown Scalar Type \\[(?:[\\w$]+\\.)*([\\w$]+)\\]'",
            Pattern.DOTALL);

    private static final Pattern SMALLRYE_MESSAGE_CODE = Pattern.compile("SRGQL\\d+: ");
    private static final Pattern STRING_LITERAL = Pattern.compile("StringValue\\{value='(.*?)'\\}");
    private static final Pattern SCALAR_LITERAL = Pattern.compile("(?:Int|Float|Boolean|Enum)Value\\{(?:value|name)=([^}]*)\\}");
    private static final Pattern JAVA_VALUE_TYPE = Pattern.compile(
            "(?:\\ban? )?['\\[](HashMap|LinkedHashMap|Map|ArrayList|LinkedList|List|BigDecimal|BigInteger|Integer|Long|Double"
                    + "|Short|Byte|Character)['\\]]");

    /**
     * SmallRye and graphql-java name Java classes and their own syntax tree in some messages (an
     * input object they could not convert, a variable of the wrong kind, a literal): clients get
     * the GraphQL type's name, the value as they wrote it, or the kind of JSON value instead.
     */
    static String withoutJavaNames(String message) {
        if (message == null) {
            return null;
        }
        Matcher unconvertible = UNCONVERTIBLE_INPUT.matcher(message);
        if (unconvertible.matches()) {
            return unconvertibleInput(unconvertible.group(1), unconvertible.group(2));
        }
        String plain = message.replaceAll("Unknown Scalar Type \\[(?:[\\w$]+\\.)*([\\w$]+)\\]", "$1");
        plain = SMALLRYE_MESSAGE_CODE.matcher(plain).replaceAll("");
        plain = STRING_LITERAL.matcher(plain).replaceAll(match -> Matcher.quoteReplacement("\"" + match.group(1) + "\""));
        plain = SCALAR_LITERAL.matcher(plain).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
        return JAVA_VALUE_TYPE.matcher(plain).replaceAll(match -> jsonKind(match.group(1)));
    }

    /** The message of an input object argument SmallRye could not convert (a field of a wrong form). */
    public static String unconvertibleInput(String argument, String inputType) {
        return "Argument '" + argument + "' is not a valid " + inputType
                + ": one of its fields has a value of the wrong form (date-times are ISO 8601 with an offset, "
                + "e.g. 2026-11-30T12:00:00Z).";
    }

    /** The message of an argument value SmallRye could not convert (a number out of an Int's range). */
    public static String unconvertibleValue(String detail) {
        return "An argument has a value of the wrong type or range: " + detail;
    }

    private static String jsonKind(String javaType) {
        return switch (javaType) {
            case "HashMap", "LinkedHashMap", "Map" -> "an object";
            case "ArrayList", "LinkedList", "List" -> "a list";
            case "Character" -> "a string";
            default -> "a number";
        };
    }

    private static GraphQLError rebuild(GraphQLError original, Map<String, Object> baseExtensions, String message,
            ErrorCode code) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (baseExtensions != null) {
            extensions.putAll(baseExtensions);
        }
        extensions.put("code", code.name());
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
                .message(withoutJavaNames(message))
                .locations(original.getLocations())
                .extensions(extensions);
        if (original.getPath() != null) {
            builder.path(original.getPath());
        }
        if (original.getErrorType() != null) {
            builder.errorType(original.getErrorType());
        }
        return builder.build();
    }

    private static ApiException apiException(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    /**
     * An error as clients see it: graphql-java adds its own {@code classification} to
     * {@code extensions}, which names an implementation detail ({@code DataFetchingException}) and
     * is no part of the documented error shape; {@code code} says what clients need.
     */
    private record WithoutClassification(GraphQLError error) implements GraphQLError {

        @Override
        public String getMessage() {
            return error.getMessage();
        }

        @Override
        public List<SourceLocation> getLocations() {
            return error.getLocations();
        }

        @Override
        public ErrorClassification getErrorType() {
            return error.getErrorType();
        }

        @Override
        public List<Object> getPath() {
            return error.getPath();
        }

        @Override
        public Map<String, Object> getExtensions() {
            return error.getExtensions();
        }

        @Override
        public Map<String, Object> toSpecification() {
            Map<String, Object> specification = new LinkedHashMap<>(error.toSpecification());
            if (specification.get("extensions") instanceof Map<?, ?> extensions) {
                Map<Object, Object> documented = new LinkedHashMap<>(extensions);
                documented.remove("classification");
                if (documented.isEmpty()) {
                    specification.remove("extensions");
                } else {
                    specification.put("extensions", documented);
                }
            }
            return specification;
        }
    }
}
