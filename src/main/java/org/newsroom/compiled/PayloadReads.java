package org.newsroom.compiled;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;
import org.newsroom.graphql.Node;
import org.newsroom.language.RequestLanguage;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.reactivestreams.Publisher;

import graphql.GraphQLContext;
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
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeUtil;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import mutiny.zero.flow.adapters.AdaptersToReactiveStreams;

/**
 * What a mutation returns, and what a subscription's events carry, is read by the compiled engine:
 * the object of a mutation's payload (the article, statement, speaker or partner written) is read
 * again right after the write committed, and an event's object when it is delivered, with the
 * field's own selection, as {@code node(id:)} of the asker's {@link Viewer}: one statement, whatever
 * the selection holds. Below it every field's value is the statement's answer ({@link ReadObject}),
 * so the interpreter's resolvers (and their batches, one statement each) do not run. Where the
 * compiled path declines (a selection it does not plan, a caller it does not know, an object the
 * viewer no longer sees, the header that asks for the interpreter in tests) the interpreter reads
 * the object as before.
 */
final class PayloadReads extends SimplePerformantInstrumentation {

    private static final Logger LOG = Logger.getLogger(PayloadReads.class);

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
            Asker asker = asker(operation, execution.getGraphQLContext());
            if (asker != null) {
                execution.getGraphQLContext().put(ASKER, asker);
            }
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
            if (operation == OperationDefinition.Operation.MUTATION) {
                return value instanceof Node written
                        ? readAgain(written, PayloadDocument.of(type.getName(), environment.getMergedField(), execution),
                                execution, asker)
                        : value;
            }
            if (value instanceof Publisher<?> events && environment.getExecutionStepInfo().getPath().getLevel() == 1) {
                PayloadDocument document = PayloadDocument.of(type.getName(), environment.getMergedField(), execution);
                return AdaptersToReactiveStreams.publisher(Multi.createFrom().publisher(AdaptersToFlow.publisher(events))
                        .map(event -> readEvent(event, document, execution, asker)));
            }
            return value;
        };
    }

    /**
     * Who reads the payloads, or null for the interpreter (as CompiledAnswers decides for a query):
     * a mutation's author; for a subscription's events, a reader (they are public, and the
     * interpreter's resolvers read them outside any request, as a reader).
     */
    private static Asker asker(OperationDefinition.Operation operation, GraphQLContext context) {
        CompiledReadsConfig config = Arc.container().instance(CompiledReadsConfig.class).get();
        if (!config.enabled() || config.honourExecutionHeader()
                && "interpreted".equalsIgnoreCase(RequestLanguage.header(context, CompiledReadRoute.EXECUTION))) {
            return null;
        }
        if (operation == OperationDefinition.Operation.SUBSCRIPTION) {
            return new Asker(Viewer.READER, null);
        }
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        SecurityIdentity identity = Arc.container().instance(SecurityIdentity.class).get();
        if (identity == null || identity.isAnonymous()) {
            return null; // nothing a reader may write: the mutation refuses it
        }
        return new Asker(Viewer.of(identity), Viewer.partnerId(identity));
    }

    /** An event as the subscription's data fetcher emits it, its object read again. */
    private static Object readEvent(Object event, PayloadDocument document, ExecutionContext execution, Asker asker) {
        if (event instanceof DataFetcherResult<?> result && result.getData() instanceof Node node) {
            Object read = readAgain(node, document, execution, asker);
            return read == node ? result
                    : DataFetcherResult.newResult().data(read).errors(result.getErrors())
                            .localContext(result.getLocalContext()).extensions(result.getExtensions()).build();
        }
        return event instanceof Node node ? readAgain(node, document, execution, asker) : event;
    }

    /** The object read again by the compiled engine, or as it is where the interpreter is to read it. */
    private static Object readAgain(Node written, PayloadDocument document, ExecutionContext execution, Asker asker) {
        CompiledReads reads = Arc.container().instance(CompiledReads.class).get();
        try {
            Map<String, Object> variables = new LinkedHashMap<>();
            Map<String, Object> raw = execution.getExecutionInput().getRawVariables().toMap();
            for (String name : document.variables()) {
                if (raw.containsKey(name)) {
                    variables.put(name, raw.get(name));
                }
            }
            variables.put(document.idVariable(), written.getId());
            CompiledReads.Compiled compiled = reads.compile(document.text(), OPERATION_NAME, variables, asker.viewer());
            if (compiled.statement().refusedBelowRoot() != null) {
                throw new NotCompilable("an argument refused below the root"); // its errors are the interpreter's to report
            }
            byte[] data = reads.run(compiled, RequestLanguage.header(execution.getGraphQLContext(), "Accept-Language"),
                    asker.partnerId());
            Object node = data == null ? null : JSON.readValue(data, Map.class).get("node");
            if (node instanceof Map<?, ?> fields) {
                return new ReadObject(fields);
            }
            // Not visible to this viewer after all (an event of an article no longer public): as it was written.
        } catch (NotCompilable notForThisPath) {
            LOG.debugf("Payload interpreted: %s", notForThisPath.getMessage());
        } catch (SQLException | IOException e) {
            LOG.debugf("Payload read failed (%s); the interpreter reads it", e.getMessage());
        } catch (RuntimeException unexpected) {
            // Never the reason a write's answer or a subscription's event is lost: the interpreter reads it.
            LOG.warnf(unexpected, "Payload read failed unexpectedly; the interpreter reads %s", written.getId());
        }
        Arc.container().instance(InterpretedReads.class).get().payload();
        return written;
    }

    /** An object of a compiled answer: its fields' values by their keys in the response. */
    record ReadObject(Map<?, ?> fields) {

        Object valueOf(String resultKey) {
            return wrapped(fields.get(resultKey));
        }

        private static Object wrapped(Object value) {
            if (value instanceof Map<?, ?> object) {
                return new ReadObject(object);
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
