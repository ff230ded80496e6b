package org.newsroom.graphql;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.StringValue;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLUnionType;
import graphql.schema.InputValueWithState;

/**
 * Checks the representations a gateway sends to {@code _entities} before SmallRye's federation
 * fetcher sees them: it fails a representation without a known entity type or with other fields
 * than the type's key with an internal error. Here such a request is bad input, with a message
 * that says which representation and what this service expects.
 */
final class EntityRepresentations extends SimplePerformantInstrumentation {

    private static final String FIELD = "_entities";
    private static final String TYPENAME = "__typename";

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        if (!FIELD.equals(parameters.getField().getName()) || parameters.getExecutionStepInfo().getPath().getLevel() != 1) {
            return dataFetcher;
        }
        return environment -> {
            List<Map<String, Object>> representations = environment.getArgument("representations");
            GraphQLSchema schema = environment.getGraphQLSchema();
            for (int i = 0; i < representations.size(); i++) {
                check(i, representations.get(i), schema);
            }
            return dataFetcher.get(environment);
        };
    }

    /** The representation's type, once it is one of an entity referred to by its key alone. */
    static String check(int index, Object value, GraphQLSchema schema) {
        Map<?, ?> representation = value instanceof Map<?, ?> map ? map : null;
        Object typename = representation == null ? null : representation.get(TYPENAME);
        String where = "Representation " + index + " of _entities";
        if (!(typename instanceof String type) || !isEntity(type, schema)) {
            throw ApiException.badInput(where + " names no entity type of this service (__typename: " + typename
                    + "); it has " + entityNames(schema) + ".");
        }
        Set<Object> fields = new HashSet<>(representation.keySet());
        fields.remove(TYPENAME);
        String key = key(schema.getObjectType(type));
        if (key != null && (!fields.equals(Set.of(key)) || !(representation.get(key) instanceof String))) {
            throw ApiException.badInput(where + " is a " + type + " with the fields " + fields + "; a " + type
                    + " is referred to by its key, the text field '" + key + "', alone.");
        }
        return type;
    }

    private static boolean isEntity(String type, GraphQLSchema schema) {
        return entities(schema).getTypes().stream().anyMatch(member -> member.getName().equals(type));
    }

    private static List<String> entityNames(GraphQLSchema schema) {
        return entities(schema).getTypes().stream().map(member -> member.getName()).sorted().toList();
    }

    private static GraphQLUnionType entities(GraphQLSchema schema) {
        return (GraphQLUnionType) schema.getType("_Entity");
    }

    /** The one field of the type's @key (all keys of this service are single fields); null when unknown. */
    @SuppressWarnings("deprecation") // SmallRye applies @key as a (legacy) directive, not an applied one
    private static String key(GraphQLObjectType type) {
        GraphQLAppliedDirective applied = type.getAppliedDirective("key");
        if (applied != null && applied.getArgument("fields") != null) {
            return text(applied.getArgument("fields").getArgumentValue());
        }
        GraphQLDirective directive = type.getDirective("key");
        if (directive != null && directive.getArgument("fields") != null) {
            return text(directive.getArgument("fields").getArgumentValue());
        }
        return null;
    }

    private static String text(InputValueWithState value) {
        Object raw = value == null ? null : value.getValue();
        if (raw instanceof StringValue literal) {
            return literal.getValue().trim();
        }
        return raw == null ? null : raw.toString().trim();
    }
}
