package org.newsroom.compiled;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.DatabaseFailures;
import org.newsroom.graphql.ErrorShapingInstrumentation;
import org.newsroom.graphql.Node;
import org.newsroom.language.RequestLanguage;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.reactivestreams.Publisher;

import graphql.execution.DataFetcherResult;
import graphql.execution.ExecutionContext;
import graphql.execution.MergedField;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.SourceLocation;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeUtil;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import mutiny.zero.flow.adapters.AdaptersToReactiveStreams;

/**
 * What a mutation returns, and what a subscription's events carry, is read by the compiled engine:
 * the object of a mutation's payload (the article, statement, speaker or partner written) is read
 * again right after the write committed, and an event's object when it is delivered, with the
 * field's own selection, as {@code node(id:)} of the asker's {@link Viewer}: one statement, whatever
 * the selection holds. Below it every field's value is the statement's answer ({@link ReadObject}),
 * so the interpreter's resolvers (and their batches, one statement each) do not run. A field refused
 * for its own arguments is that refusal at its place; a payload's object its author does not see is
 * null; a read that fails is its error at the object's place, saying that the write is written.
 * An event's object gone since the event was loaded drops the event.
 */
final class PayloadReads extends SimplePerformantInstrumentation {

    private static final String ASKER = PayloadReads.class.getName() + ".asker";
    private static final String OPERATION_NAME = "PayloadRead";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whose view the payloads are read in: the mutation's author as authentication found them, or a subscription's reader. */
    private record Asker(Viewer viewer, Long partnerId) {
    }

    @Override
    public InstrumentationContext<graphql.ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        OperationDefinition.Operation operation = execution.getOperationDefinition().getOperation();
        if (operation != OperationDefinition.Operation.QUERY) {
            execution.getGraphQLContext().put(ASKER, asker(operation));
        }
        return SimpleInstrumentationContext.noOp();
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        OperationDefinition.Operation operation = execution.getOperationDefinition().getOperation();
        if (operation == OperationDefinition.Operation.QUERY) {
            return dataFetcher;
        }
        Asker asker = execution.getGraphQLContext().get(ASKER);
        return environment -> {
            if (environment.getSource() instanceof ReadObject read) {
                return read.valueOf(environment.getField().getResultKey());
            }
            Object value = dataFetcher.get(environment);
            if (asker == null || !(GraphQLTypeUtil.unwrapAll(environment.getFieldType()) instanceof GraphQLObjectType type)) {
                return value;
            }
            Place place = new Place(environment.getField().getSourceLocation(),
                    environment.getExecutionStepInfo().getPath().toList());
            if (operation == OperationDefinition.Operation.MUTATION) {
                if (!(value instanceof Node written)) {
                    return value;
                }
                Object read = readAgain(written, PayloadDocument.of(type.getName(), environment.getMergedField(), execution),
                        execution, asker, place);
                return read == NOT_VISIBLE ? null : read;
            }
            if (value instanceof Publisher<?> events && environment.getExecutionStepInfo().getPath().getLevel() == 1) {
                PayloadDocument document = PayloadDocument.of(type.getName(), environment.getMergedField(), execution);
                return AdaptersToReactiveStreams.publisher(Multi.createFrom().publisher(AdaptersToFlow.publisher(events))
                        .map(event -> readEvent(event, document, execution, asker, place))
                        .filter(event -> event != NOT_VISIBLE));
            }
            return value;
        };
    }

    /** What an object read again is when its reader no longer sees it. */
    private static final Object NOT_VISIBLE = new Object();

    /** Where a payload's object is in the response: its field's location and path (an event's, its root field's). */
    private record Place(SourceLocation location, List<Object> path) {
    }

    /**
     * Who reads the payloads: a mutation's author as authentication found them (a reader where
     * there is no request, though every transport has one); for a subscription's events, a reader
     * of events ({@link Viewer#EVENT_READER}).
     */
    private static Asker asker(OperationDefinition.Operation operation) {
        if (operation == OperationDefinition.Operation.SUBSCRIPTION) {
            return new Asker(Viewer.EVENT_READER, null);
        }
        if (!Arc.container().requestContext().isActive()) {
            return new Asker(Viewer.READER, null);
        }
        SecurityIdentity identity = Arc.container().instance(SecurityIdentity.class).get();
        return new Asker(Viewer.of(identity), Viewer.partnerId(identity));
    }

    /**
     * An event as the subscription's data fetcher emits it, its object read again, as its reader
     * sees it ({@link Viewer#EVENT_READER}); {@link #NOT_VISIBLE} for an object gone since the event
     * was loaded (an article unpublished, a statement removed): the event is dropped, as
     * LiveEventLoader drops one it finds so when it loads it.
     */
    private static Object readEvent(Object event, PayloadDocument document, ExecutionContext execution, Asker asker,
            Place place) {
        Object node = event instanceof DataFetcherResult<?> result ? result.getData() : event;
        if (!(node instanceof Node written)) {
            return event;
        }
        Object read = readAgain(written, document, execution, asker, place);
        if (read == NOT_VISIBLE) {
            return read;
        }
        if (!(event instanceof DataFetcherResult<?> result)) {
            return read;
        }
        DataFetcherResult.Builder<Object> builder = DataFetcherResult.newResult().errors(result.getErrors())
                .localContext(result.getLocalContext()).extensions(result.getExtensions());
        return read instanceof DataFetcherResult<?> failed ? builder.errors(failed.getErrors()).build()
                : builder.data(read).build();
    }

    /**
     * The object read again by the compiled engine: its fields' values ({@link ReadObject}),
     * {@link #NOT_VISIBLE} when its reader does not see it, a failed read as its error at the
     * object's place (the write stays written); a selection the engine cannot plan (a defect: the
     * mutation's validation let it through) is an internal error there too.
     */
    private static Object readAgain(Node written, PayloadDocument document, ExecutionContext execution, Asker asker,
            Place place) {
        CompiledReads reads = Arc.container().instance(CompiledReads.class).get();
        CompiledReads.Compiled compiled;
        try {
            Map<String, Object> variables = new LinkedHashMap<>();
            // as an HTTP request's JSON gives them (SmallRye's are BigDecimal where that gives Integer)
            Map<String, Object> raw = new JsonObject(Json.encode(execution.getExecutionInput().getRawVariables().toMap())).getMap();
            for (String name : document.variables()) {
                if (raw.containsKey(name)) {
                    variables.put(name, raw.get(name));
                }
            }
            variables.put(document.idVariable(), written.getId());
            compiled = reads.compile(document.text(), OPERATION_NAME, variables, asker.viewer());
        } catch (NotCompilable defect) {
            return failedRead(written, defect, execution, place); // a selection the mutation's own validation let through
        }
        try {
            byte[] data = reads.run(compiled, RequestLanguage.header(execution.getGraphQLContext(), "Accept-Language"),
                    asker.partnerId());
            Object node = data == null ? null : JSON.readValue(data, Map.class).get("node");
            return node instanceof Map<?, ?> fields ? new ReadObject(fields, compiled.statement().refusedBelowRoot())
                    : NOT_VISIBLE;
        } catch (SQLException | IOException | RuntimeException failure) {
            return failedRead(written, failure, execution, place);
        }
    }

    /**
     * A read of a payload's object that failed, as its error at the object's place: what the
     * database said where clients are told of it (TIMEOUT, SERVICE_UNAVAILABLE), else an internal
     * error with the reference it is logged with; either way the object's ID, to read it again by.
     */
    private static DataFetcherResult<Object> failedRead(Node written, Throwable failure, ExecutionContext execution,
            Place place) {
        ApiException told = DatabaseFailures.toldOrInternal("a payload's read", failure,
                reference -> "reference " + reference);
        String why = switch (told.code()) {
            case TIMEOUT -> "the database did not finish in time";
            case SERVICE_UNAVAILABLE -> "the database is unavailable";
            default -> told.getMessage();
        };
        boolean mutation = execution.getOperationDefinition().getOperation() == OperationDefinition.Operation.MUTATION;
        ApiException error = new ApiException(told.code(),
                (mutation ? "The change was saved, but reading it back failed (" : "This event's object could not be read (")
                        + why + "); read it again with node(id: \"" + written.getId() + "\").",
                Map.of("id", written.getId()));
        return DataFetcherResult.newResult()
                .error(ErrorShapingInstrumentation.refusal(error, place.location(), place.path())).build();
    }

    /**
     * An object of a compiled answer: its fields' values by their keys in the response. A field its
     * resolver refuses for its own arguments (a page size) is written under a marked key
     * ({@link RefusedBelowRoot}): asked for, it throws that refusal, which graphql-java reports at
     * the field's place and whose null it carries up as far as the schema says.
     */
    record ReadObject(Map<?, ?> fields, RefusedBelowRoot refusedBelowRoot) {

        Object valueOf(String resultKey) {
            if (!fields.containsKey(resultKey) && refusedBelowRoot != null) {
                for (Object key : fields.keySet()) {
                    RefusedBelowRoot.Field refused = refusedBelowRoot.marked(key.toString());
                    if (refused != null && refused.resultKey().equals(resultKey)) {
                        throw refused.refusal();
                    }
                }
            }
            return wrapped(fields.get(resultKey));
        }

        private Object wrapped(Object value) {
            if (value instanceof Map<?, ?> object) {
                return new ReadObject(object, refusedBelowRoot);
            }
            if (value instanceof List<?> list) {
                List<Object> values = new ArrayList<>(list.size());
                for (Object element : list) {
                    values.add(wrapped(element));
                }
                return values;
            }
            return value;
        }
    }

    /**
     * The query that reads a payload's object again: {@code node(id:)} with the payload field's
     * selection, the fragments it spreads and the variables it uses, all as the mutation wrote them.
     */
    record PayloadDocument(String text, String idVariable, Set<String> variables) {

        static PayloadDocument of(String typeName, MergedField field, ExecutionContext execution) {
            List<Selection> selections = new ArrayList<>();
            for (Field each : field.getFields()) {
                if (each.getSelectionSet() != null) {
                    selections.add(InlineFragment.newInlineFragment().typeCondition(TypeName.newTypeName(typeName).build())
                            .selectionSet(each.getSelectionSet()).build());
                }
            }
            Set<String> variables = new LinkedHashSet<>();
            Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
            for (Selection selection : selections) {
                collect(selection, execution.getFragmentsByName(), variables, fragments);
            }
            List<VariableDefinition> definitions = new ArrayList<>();
            for (VariableDefinition definition : execution.getOperationDefinition().getVariableDefinitions()) {
                if (variables.contains(definition.getName())) {
                    definitions.add(definition);
                }
            }
            Set<String> taken = new LinkedHashSet<>();
            execution.getOperationDefinition().getVariableDefinitions().forEach(definition -> taken.add(definition.getName()));
            String idVariable = "payloadId";
            while (taken.contains(idVariable)) {
                idVariable = "_" + idVariable;
            }
            definitions.add(VariableDefinition.newVariableDefinition(idVariable,
                    NonNullType.newNonNullType(TypeName.newTypeName("ID").build()).build()).build());
            Field node = Field.newField("node")
                    .arguments(List.of(Argument.newArgument("id", VariableReference.of(idVariable)).build()))
                    .selectionSet(SelectionSet.newSelectionSet(selections).build()).build();
            OperationDefinition query = OperationDefinition.newOperationDefinition().name(OPERATION_NAME)
                    .operation(OperationDefinition.Operation.QUERY).variableDefinitions(definitions)
                    .selectionSet(SelectionSet.newSelectionSet(List.of(node)).build()).build();
            List<graphql.language.Definition> all = new ArrayList<>();
            all.add(query);
            all.addAll(fragments.values());
            String text = AstPrinter.printAstCompact(Document.newDocument().definitions(all).build());
            return new PayloadDocument(text, idVariable, variables);
        }

        /** The variables and fragments a part of the document uses, fragments' own uses included. */
        private static void collect(graphql.language.Node<?> node, Map<String, FragmentDefinition> known,
                Set<String> variables, Map<String, FragmentDefinition> fragments) {
            if (node instanceof VariableReference reference) {
                variables.add(reference.getName());
            } else if (node instanceof FragmentSpread spread && !fragments.containsKey(spread.getName())) {
                FragmentDefinition definition = known.get(spread.getName());
                if (definition != null) {
                    fragments.put(spread.getName(), definition);
                    collect(definition, known, variables, fragments);
                }
            }
            for (graphql.language.Node<?> child : node.getChildren()) {
                collect(child, known, variables, fragments);
            }
        }
    }
}
