package org.newsroom.graphql;

import java.io.StringReader;
import java.util.Locale;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.graphql.Description;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLUnionType;
import graphql.schema.TypeResolver;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.api.CustomScalar;
import io.smallrye.graphql.api.CustomStringScalar;

/**
 * A JSON object as a GraphQL value (scalar {@code JSON}), for documents in a format of their own
 * such as ninjs: the response carries the object itself, not a string of JSON.
 *
 * <p>SmallRye GraphQL 2.17 only knows custom scalars that travel as strings, so the scalar is
 * declared as one (which gives the schema its {@code scalar JSON}) and {@link #objectsInResponses}
 * then replaces its coercing with one that hands the object to the response writer, which writes
 * a {@link JsonValue} as it is. Output only: as an argument it would be a string.
 */
@CustomScalar("JSON")
@Description("A JSON object in a documented format of its own (e.g. IPTC ninjs); output only.")
public final class JsonScalar implements CustomStringScalar {

    public static final String NAME = "JSON";

    private final JsonObject value;

    public JsonScalar(JsonObject value) {
        this.value = value;
    }

    /** Needed by SmallRye's string coercing; never used once {@link #objectsInResponses} ran. */
    public JsonScalar(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            this.value = reader.readObject();
        }
    }

    public JsonObject value() {
        return value;
    }

    @Override
    public String stringValueForSerialization() {
        return value.toString();
    }

    @Override
    public String toString() {
        return value.toString();
    }

    /** The JSON scalar serialising to the object instead of to its text. */
    static GraphQLScalarType objectsInResponses(GraphQLScalarType json) {
        return json.transform(builder -> builder.coercing(new ObjectCoercing()));
    }

    /**
     * The schema with each interface and union resolver wrapped to return the schema's own type of
     * the name the original returned. Replacing a scalar ({@link ScalarsOnBuild}) gives every type
     * that reaches it a new instance, while SmallRye's resolvers return the instances they were
     * built with (and fragments match by instance). Only the code registry changes: the types are
     * not built again.
     */
    static GraphQLSchema typeResolversByName(GraphQLSchema replaced) {
        GraphQLCodeRegistry registry = replaced.getCodeRegistry();
        GraphQLCodeRegistry.Builder resolvers = GraphQLCodeRegistry.newCodeRegistry(registry);
        for (GraphQLNamedType type : replaced.getAllTypesAsList()) {
            TypeResolver original = type instanceof GraphQLInterfaceType i ? registry.getTypeResolver(i)
                    : type instanceof GraphQLUnionType u ? registry.getTypeResolver(u) : null;
            if (original != null) {
                resolvers.typeResolver(type.getName(),
                        environment -> environment.getSchema().getObjectType(original.getType(environment).getName()));
            }
        }
        return replaced.transformWithoutTypes(builder -> builder.codeRegistry(resolvers.build()));
    }

    private static final class ObjectCoercing implements Coercing<Object, Object> {

        @Override
        public Object serialize(Object output, GraphQLContext context, Locale locale) {
            if (output instanceof JsonScalar json) {
                return json.value;
            }
            if (output instanceof JsonValue json) {
                return json;
            }
            throw new CoercingSerializeException("Not a JSON value: " + output.getClass().getSimpleName());
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            throw new CoercingParseValueException("JSON is output only.");
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                Locale locale) {
            throw new CoercingParseLiteralException("JSON is output only.");
        }
    }
}
