package org.newsroom.graphql;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import graphql.language.SchemaDefinition;
import graphql.language.SchemaExtensionDefinition;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.schema.SchemaTransformer;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;

/**
 * SmallRye's schema builder, handed on as it is, with the scalars adjusted when the schema is
 * finally built: the JSON scalar replaced ({@link JsonScalar#objectsInResponses}) and Int checked
 * for its 32-bit range ({@link IntRange#checked}), then the type resolvers made to return the new
 * types ({@link JsonScalar#typeResolversByName}).
 * <p>
 * Replacing it as soon as SmallRye offers the builder (building the schema there) would freeze the
 * code registry at that moment: SmallRye goes on to register the data fetchers of federation's
 * entity resolvers (the {@code @Resolver} methods) in the registry its builder holds, and then
 * {@code _entities} would find none. So every call goes to SmallRye's builder, and only
 * {@link #build()} adds the replacement.
 */
final class ScalarsOnBuild extends GraphQLSchema.Builder {

    private final GraphQLSchema.Builder smallRye;

    ScalarsOnBuild(GraphQLSchema.Builder smallRye) {
        this.smallRye = smallRye;
    }

    /** One pass over SmallRye's schema replaces both scalars (each pass builds every type again). */
    @Override
    public GraphQLSchema build() {
        GraphQLSchema built = smallRye.build();
        GraphQLSchema replaced = SchemaTransformer.transformSchema(built, new GraphQLTypeVisitorStub() {
            @Override
            public TraversalControl visitGraphQLScalarType(GraphQLScalarType node,
                    TraverserContext<GraphQLSchemaElement> context) {
                return switch (node.getName()) {
                    case JsonScalar.NAME -> changeNode(context, JsonScalar.objectsInResponses(node));
                    case IntRange.INT -> changeNode(context, IntRange.checked(node));
                    default -> TraversalControl.CONTINUE;
                };
            }
        });
        return replaced == built ? built : JsonScalar.typeResolversByName(replaced);
    }

    @Override
    public GraphQLSchema.Builder query(GraphQLObjectType.Builder builder) {
        smallRye.query(builder);
        return this;
    }

    @Override
    public GraphQLSchema.Builder query(GraphQLObjectType queryType) {
        smallRye.query(queryType);
        return this;
    }

    @Override
    public GraphQLSchema.Builder mutation(GraphQLObjectType.Builder builder) {
        smallRye.mutation(builder);
        return this;
    }

    @Override
    public GraphQLSchema.Builder mutation(GraphQLObjectType mutationType) {
        smallRye.mutation(mutationType);
        return this;
    }

    @Override
    public GraphQLSchema.Builder subscription(GraphQLObjectType.Builder builder) {
        smallRye.subscription(builder);
        return this;
    }

    @Override
    public GraphQLSchema.Builder subscription(GraphQLObjectType subscriptionType) {
        smallRye.subscription(subscriptionType);
        return this;
    }

    @Override
    public GraphQLSchema.Builder codeRegistry(GraphQLCodeRegistry codeRegistry) {
        smallRye.codeRegistry(codeRegistry);
        return this;
    }

    @Override
    public GraphQLSchema.Builder additionalTypes(Set<GraphQLType> additionalTypes) {
        smallRye.additionalTypes(additionalTypes);
        return this;
    }

    @Override
    public GraphQLSchema.Builder additionalType(GraphQLType additionalType) {
        smallRye.additionalType(additionalType);
        return this;
    }

    @Override
    public GraphQLSchema.Builder clearAdditionalTypes() {
        smallRye.clearAdditionalTypes();
        return this;
    }

    @Override
    public GraphQLSchema.Builder additionalDirectives(Set<GraphQLDirective> additionalDirectives) {
        smallRye.additionalDirectives(additionalDirectives);
        return this;
    }

    @Override
    public GraphQLSchema.Builder additionalDirective(GraphQLDirective additionalDirective) {
        smallRye.additionalDirective(additionalDirective);
        return this;
    }

    @Override
    public GraphQLSchema.Builder clearDirectives() {
        smallRye.clearDirectives();
        return this;
    }

    @Override
    public GraphQLSchema.Builder withSchemaDirectives(GraphQLDirective... directives) {
        smallRye.withSchemaDirectives(directives);
        return this;
    }

    @Override
    public GraphQLSchema.Builder withSchemaDirectives(Collection<? extends GraphQLDirective> directives) {
        smallRye.withSchemaDirectives(directives);
        return this;
    }

    @Override
    public GraphQLSchema.Builder withSchemaDirective(GraphQLDirective directive) {
        smallRye.withSchemaDirective(directive);
        return this;
    }

    @Override
    public GraphQLSchema.Builder withSchemaDirective(GraphQLDirective.Builder builder) {
        smallRye.withSchemaDirective(builder);
        return this;
    }

    @Override
    public GraphQLSchema.Builder withSchemaAppliedDirectives(GraphQLAppliedDirective... appliedDirectives) {
        smallRye.withSchemaAppliedDirectives(appliedDirectives);
        return this;
    }

    @Override
    public GraphQLSchema.Builder withSchemaAppliedDirectives(
            Collection<? extends GraphQLAppliedDirective> appliedDirectives) {
        smallRye.withSchemaAppliedDirectives(appliedDirectives);
        return this;
    }

    @Override
    public GraphQLSchema.Builder withSchemaAppliedDirective(GraphQLAppliedDirective appliedDirective) {
        smallRye.withSchemaAppliedDirective(appliedDirective);
        return this;
    }

    @Override
    public GraphQLSchema.Builder withSchemaAppliedDirective(GraphQLAppliedDirective.Builder builder) {
        smallRye.withSchemaAppliedDirective(builder);
        return this;
    }

    @Override
    public GraphQLSchema.Builder clearSchemaDirectives() {
        smallRye.clearSchemaDirectives();
        return this;
    }

    @Override
    public GraphQLSchema.Builder definition(SchemaDefinition definition) {
        smallRye.definition(definition);
        return this;
    }

    @Override
    public GraphQLSchema.Builder extensionDefinitions(List<SchemaExtensionDefinition> extensionDefinitions) {
        smallRye.extensionDefinitions(extensionDefinitions);
        return this;
    }

    @Override
    public GraphQLSchema.Builder description(String description) {
        smallRye.description(description);
        return this;
    }

    @Override
    public GraphQLSchema.Builder introspectionSchemaType(GraphQLObjectType introspectionSchemaType) {
        smallRye.introspectionSchemaType(introspectionSchemaType);
        return this;
    }
}
