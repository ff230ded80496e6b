package org.newsroom.compiled;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.Entities;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.PageArgs;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.ListType;
import graphql.language.ObjectField;
import graphql.language.NonNullType;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/**
 * The variables of an operation whose values reach its statement only as bind parameters, so that
 * one statement, compiled once, serves every value they take: a variable given only as an
 * argument the compiler binds ({@link Site}), nowhere else (not in a directive, not as another
 * argument or input field). What else the compiler reads of such a value is its
 * {@link #shape(Object, Set) shape}, part of the key a compiled statement is kept under.
 */
final class BoundVariables {

    /** An argument whose value the compiler writes only as a bind parameter. */
    enum Site {
        /** {@code Query.article(slug:)}. */
        SLUG,
        /** {@code Query.country(code:)}, normalised as CountryCatalog does. */
        COUNTRY_CODE,
        /** {@code Query.node(id:)}: the ID's type chooses the table, its key is the parameter. */
        NODE_ID,
        /** {@code after}/{@code before} of a root connection other than {@code Query.search}: its sort key values. */
        CURSOR,
        /**
         * {@code after}/{@code before} of a connection below the root: its sort key values; whether
         * its list refuses it (and why) is part of the shape, as the refusal is part of the statement.
         */
        CURSOR_BELOW_ROOT,
        /**
         * {@code namePrefix} of the filter of {@code Query.speakers} (the prefix pattern's parameter) or
         * {@code Query.countries} (the codes of the countries it names).
         */
        NAME_PREFIX,
        /** {@code Query.search(query:)}: the words searched, a parameter of the search's SQL. */
        SEARCH_QUERY,
        /** {@code Query.search(after:)}: the position after which a page starts (with the query's fingerprint). */
        SEARCH_CURSOR,
        /** {@code Query.nodes(ids:)}: a list, each ID's type choosing its table, each key a parameter. */
        NODE_IDS,
        /** {@code Query._entities(representations:)}: a list, each one's type and key field choosing its table. */
        REPRESENTATIONS;

        boolean takesList() {
            return this == NODE_IDS || this == REPRESENTATIONS;
        }
    }

    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final Object GIVEN = new Object() {
        @Override
        public String toString() {
            return "given";
        }
    };

    private static final Object MALFORMED_ID = new Object() {
        @Override
        public String toString() {
            return "malformed id";
        }
    };

    private static final Object MORE_THAN_A_BATCH = new Object() {
        @Override
        public String toString() {
            return "more of a type than a batch";
        }
    };

    private BoundVariables() {
    }

    /**
     * A connection below the root a variable gives a cursor to: its listing and which cursor
     * ({@code after} or {@code before}).
     */
    record CursorAt(ReadModel.Listing listing, String argument) {

        /** The listing's refusal of the cursor (its message), null when it takes it. */
        String refusal(String cursor) {
            try {
                listing.cursorValues(argument, cursor);
                return null;
            } catch (ApiException refused) {
                return refused.getMessage();
            }
        }
    }

    /**
     * The bound variables of an operation: the sites each is given at, and for those given as
     * cursors below the root, where.
     */
    record Bound(Map<String, Set<Site>> sites, Map<String, List<CursorAt>> cursorsBelowRoot) {

        /** What the compiler reads of a bound variable's value besides the parameter ({@link #shape}). */
        Object shape(String name, Object value) {
            return BoundVariables.shape(value, sites.get(name), cursorsBelowRoot.getOrDefault(name, List.of()));
        }
    }

    /** The bound variables of an operation, each with the sites it is given at. */
    static Bound of(GraphQLSchema schema, OperationDefinition operation, Map<String, FragmentDefinition> fragments) {
        Walk walk = new Walk(schema, fragments);
        walk.directives(operation.getDirectives());
        walk.selections(operation.getSelectionSet(), schema.getQueryType());
        Map<String, Set<Site>> bound = new LinkedHashMap<>();
        Map<String, List<CursorAt>> cursors = new LinkedHashMap<>();
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            String name = definition.getName();
            Set<Site> sites = walk.sites.get(name);
            if (sites != null && !walk.elsewhere.contains(name) && fits(definition.getType(), sites)) {
                bound.put(name, sites);
                if (walk.cursors.containsKey(name)) {
                    cursors.put(name, List.copyOf(walk.cursors.get(name)));
                }
            }
        }
        return new Bound(bound, cursors);
    }

    /**
     * What the compiler reads of a bound variable's value besides the parameter: whether it is
     * given, an ID's type (and whether its key is a number), a cursor's refusal by each list below
     * the root it is given to (null where one takes it). Equal shapes, equal statements.
     */
    static Object shape(Object value, Set<Site> sites, List<CursorAt> cursorsBelowRoot) {
        if (value == null) {
            return NULL;
        }
        if (sites.contains(Site.NODE_IDS) && value instanceof List<?> ids) {
            // the statement reads each type's keys as one array: the types, not their order; the number
            // of IDs is the operation's cost (QueryCost), the same for any number above a page (refused)
            return List.of(Math.min(ids.size(), PageArgs.MAX_PAGE_SIZE + 1),
                    Set.copyOf(ids.stream().map(BoundVariables::idShape).toList()));
        }
        if (sites.contains(Site.REPRESENTATIONS) && value instanceof List<?> representations) {
            // as for IDs: each type's keys are one array (more of a type than a batch, Entities refuses)
            Map<Object, Integer> ofType = new HashMap<>();
            for (Object representation : representations) {
                Object type = representation instanceof Map<?, ?> fields ? fields.get("__typename") : null;
                ofType.merge(String.valueOf(type), 1, Integer::sum);
            }
            boolean tooMany = ofType.values().stream().anyMatch(count -> count > Entities.MAX_BATCH);
            // and their number is the operation's cost, as for IDs
            return List.of(tooMany ? MORE_THAN_A_BATCH : representations.size(),
                    Set.copyOf(representations.stream().map(BoundVariables::representationShape).toList()));
        }
        if (!cursorsBelowRoot.isEmpty() && value instanceof String cursor) {
            List<String> refusals = new ArrayList<>(cursorsBelowRoot.size());
            for (CursorAt at : cursorsBelowRoot) {
                refusals.add(at.refusal(cursor));
            }
            return refusals;
        }
        return sites.contains(Site.NODE_ID) ? idShape(value) : GIVEN;
    }

    /** A global ID's type, when its key is one its loader reads: a number, or a country's code. */
    private static Object idShape(Object value) {
        try {
            GlobalId id = GlobalId.parse((String) value);
            if (keyedByNumber(id.type())) {
                id.numericKey();
            }
            return id.type();
        } catch (RuntimeException malformed) {
            return MALFORMED_ID;
        }
    }

    private static final String COUNTRY = "Country";

    /** Whether the keys inside a type's IDs are numbers: all but a country's, its alpha-2 code. */
    static boolean keyedByNumber(String type) {
        return !type.equals(COUNTRY);
    }

    /** A representation's type and fields, and its ID's type where it has one. */
    private static Object representationShape(Object value) {
        if (!(value instanceof Map<?, ?> fields)) {
            return MALFORMED_ID;
        }
        List<Object> shape = new ArrayList<>();
        fields.forEach((name, fieldValue) -> {
            shape.add(name);
            shape.add(name.equals("id") ? idShape(fieldValue) : name.equals("__typename") ? fieldValue
                    : fieldValue instanceof String ? GIVEN : MALFORMED_ID);
        });
        return shape;
    }

    /** A variable of a type its sites take: a String or ID, or a list for the sites that take one. */
    private static boolean fits(Type<?> type, Set<Site> sites) {
        boolean lists = sites.stream().allMatch(Site::takesList);
        if (!lists && sites.stream().anyMatch(Site::takesList)) {
            return false;
        }
        Type<?> inner = type instanceof NonNullType nonNull ? nonNull.getType() : type;
        if (lists) {
            return inner instanceof ListType;
        }
        return inner instanceof TypeName name && (name.getName().equals("String") || name.getName().equals("ID"));
    }

    /** Every variable reference of a document, at a site or elsewhere. */
    private static final class Walk {

        final GraphQLSchema schema;
        final Map<String, FragmentDefinition> fragments;
        final Map<String, Set<Site>> sites = new LinkedHashMap<>();
        final Map<String, List<CursorAt>> cursors = new LinkedHashMap<>();
        final Set<String> elsewhere = new HashSet<>();

        Walk(GraphQLSchema schema, Map<String, FragmentDefinition> fragments) {
            this.schema = schema;
            this.fragments = fragments;
        }

        void selections(SelectionSet selectionSet, GraphQLType parent) {
            if (selectionSet == null) {
                return;
            }
            for (Selection<?> selection : selectionSet.getSelections()) {
                if (selection instanceof Field field) {
                    field(field, parent);
                } else if (selection instanceof InlineFragment inline) {
                    directives(inline.getDirectives());
                    selections(inline.getSelectionSet(), inline.getTypeCondition() == null ? parent
                            : schema.getType(inline.getTypeCondition().getName()));
                } else if (selection instanceof FragmentSpread spread) {
                    directives(spread.getDirectives());
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    if (fragment != null) {
                        directives(fragment.getDirectives());
                        selections(fragment.getSelectionSet(), schema.getType(fragment.getTypeCondition().getName()));
                    }
                }
            }
        }

        private void field(Field field, GraphQLType parent) {
            directives(field.getDirectives());
            GraphQLFieldDefinition definition = parent instanceof GraphQLFieldsContainer container
                    ? container.getFieldDefinition(field.getName())
                    : null;
            for (Argument argument : field.getArguments()) {
                Site site = definition == null ? null : site((GraphQLNamedType) parent, definition, argument.getName());
                if (site != null && argument.getValue() instanceof VariableReference reference) {
                    sites.computeIfAbsent(reference.getName(), name -> EnumSet.noneOf(Site.class)).add(site);
                    ReadModel.Listing listing = site == Site.CURSOR_BELOW_ROOT
                            ? ReadModel.connectionBelowRoot(((GraphQLNamedType) parent).getName(), definition.getName())
                            : null;
                    if (listing != null) {
                        cursors.computeIfAbsent(reference.getName(), name -> new ArrayList<>())
                                .add(new CursorAt(listing, argument.getName()));
                    }
                } else if (definition != null && argument.getValue() instanceof ObjectValue input) {
                    for (ObjectField inputField : input.getObjectFields()) {
                        Site inputSite = inputSite((GraphQLNamedType) parent, definition, argument.getName(),
                                inputField.getName());
                        if (inputSite != null && inputField.getValue() instanceof VariableReference reference) {
                            sites.computeIfAbsent(reference.getName(), name -> EnumSet.noneOf(Site.class))
                                    .add(inputSite);
                        } else {
                            elsewhere(inputField.getValue());
                        }
                    }
                } else {
                    elsewhere(argument.getValue());
                }
            }
            if (definition != null) {
                selections(field.getSelectionSet(), GraphQLTypeUtil.unwrapAll(definition.getType()));
            } else if (field.getSelectionSet() != null) {
                selections(field.getSelectionSet(), null); // only to find the references in it
            }
        }

        void directives(List<Directive> directives) {
            for (Directive directive : directives) {
                for (Argument argument : directive.getArguments()) {
                    elsewhere(argument.getValue());
                }
            }
        }

        private void elsewhere(Value<?> value) {
            if (value instanceof VariableReference reference) {
                elsewhere.add(reference.getName());
            } else if (value instanceof ObjectValue object) {
                object.getObjectFields().forEach(field -> elsewhere(field.getValue()));
            } else if (value instanceof ArrayValue array) {
                array.getValues().forEach(this::elsewhere);
            }
        }

        private static Site site(GraphQLNamedType parent, GraphQLFieldDefinition field, String argument) {
            boolean root = parent.getName().equals("Query");
            if (root && field.getName().equals("article") && argument.equals("slug")) {
                return Site.SLUG;
            }
            if (root && field.getName().equals("country") && argument.equals("code")) {
                return Site.COUNTRY_CODE;
            }
            if (root && field.getName().equals("node") && argument.equals("id")) {
                return Site.NODE_ID;
            }
            if (root && field.getName().equals("nodes") && argument.equals("ids")) {
                return Site.NODE_IDS;
            }
            if (root && field.getName().equals("_entities") && argument.equals("representations")) {
                return Site.REPRESENTATIONS;
            }
            if (root && field.getName().equals("search")) {
                return argument.equals("query") ? Site.SEARCH_QUERY : argument.equals("after") ? Site.SEARCH_CURSOR
                        : null;
            }
            if ((argument.equals("after") || argument.equals("before")) && !(root && field.getName().equals("search"))
                    && GraphQLTypeUtil.unwrapAll(field.getType()).getName().endsWith("Connection")) {
                return root ? Site.CURSOR : Site.CURSOR_BELOW_ROOT;
            }
            return null;
        }

        /** A site inside an input object given as the argument's value. */
        private static Site inputSite(GraphQLNamedType parent, GraphQLFieldDefinition field, String argument,
                String inputField) {
            boolean listing = parent.getName().equals("Query")
                    && (field.getName().equals("speakers") || field.getName().equals("countries"));
            return listing && argument.equals("filter") && inputField.equals("namePrefix") ? Site.NAME_PREFIX : null;
        }
    }
}
