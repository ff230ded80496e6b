package org.newsroom.compiled;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.newsroom.article.ArticleFilter;
import org.newsroom.article.ArticleQueries;
import org.newsroom.article.ArticleStatus;
import org.newsroom.auth.Caller;
import org.newsroom.caching.ContentClock;
import org.newsroom.country.CountryCatalog;
import org.newsroom.country.CountryFilter;
import org.newsroom.country.CountryNameIndex;
import org.newsroom.country.CountryQueries;
import org.newsroom.db.Sql;
import org.newsroom.fulltext.SearchText;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.Cursor;
import org.newsroom.graphql.Entities;
import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.ErrorShapingInstrumentation;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.NodeApi;
import org.newsroom.graphql.PageArgs;
import org.newsroom.graphql.SortKey;
import org.newsroom.graphql.TextPatterns;
import org.newsroom.search.SearchFilter;
import org.newsroom.search.SearchQueries;
import org.newsroom.speaker.SpeakerFilter;
import org.newsroom.speaker.SpeakerQueries;
import org.newsroom.statement.StatementFilter;
import org.newsroom.statement.StatementQueries;
import org.newsroom.syndication.FeedQueries;
import org.newsroom.syndication.NinjsRenderer;
import org.newsroom.visibility.PublicArticles;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.execution.conditional.ConditionalNodes;
import graphql.language.Argument;
import graphql.language.DirectivesContainer;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.SelectionSet;
import graphql.language.SourceLocation;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.schema.DataFetchingEnvironmentImpl;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;

/**
 * Turns a normalized query operation into one SQL statement whose single value is the response's
 * {@code data} as JSON text: objects with {@code json_build_object} (keys in selection order),
 * lists with {@code json_agg}, every nested object or list a correlated subquery. Values from the
 * request are parameters, except page sizes: checked integers, written as literals so that
 * PostgreSQL plans for the real limit (with a parameter, a generic plan guesses a tenth of the
 * rows). A value given by one of the request's {@link BoundVariables} is a {@link Sql.Placeholder}
 * that each request binds from its own value of that variable, so the statement serves them all.
 * Throws {@link NotCompilable} at the first field, argument or value it does not handle exactly as
 * the interpreter does.
 */
final class OperationCompiler {

    private static final ConditionalNodes CONDITIONS = new ConditionalNodes();
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper INTROSPECTION_JSON = new ObjectMapper();

    /** json_build_object takes at most 100 arguments: an object of more keys is written in parts. */
    private static final int MAX_KEYS = 50;

    private Sql.Builder sql = Sql.builder();
    /** The pages being written whose rows joined their article, by page alias. */
    private final Map<String, Carrying> carryingPages = new HashMap<>();

    /** A page's joined row ({@code alias} in its subquery) and the objects built from it, in column order. */
    private record Carrying(String alias, List<Sql> objects) {
    }
    private final List<ReadModel.Step> steps = new ArrayList<>();
    /** Root fields whose resolvers refuse their arguments: null in the data, each with its error. */
    private final List<RootError> rootErrors = new ArrayList<>();
    private boolean dataIsNull;
    /** The root lists whose cursors are checked for each request (registered once, however often paged). */
    private final Set<ExecutableNormalizedField> cursorsChecked = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * The feeds read after a cursor, in the order of the fields, whose expiry the statement tells
     * (ExpiredFeeds), each reported as FeedQueries reports it.
     */
    private final List<RootError> expiredFeedCursors = new ArrayList<>();
    /** The fields below the root refused for their arguments, each numbered in the order it was written. */
    private final Map<ExecutableNormalizedField, RefusedBelowRoot.Field> refusedBelowRoot = new IdentityHashMap<>();
    /**
     * Each {@code _service} and introspection root field's value (JSON) by its result key: not the
     * database's to fail.
     */
    private final Map<String, String> services = new HashMap<>();
    private final Map<Sql.Placeholder, Binding> bindings = new LinkedHashMap<>();
    /** The result key of the root field being written, whose values the placeholders made now are. */
    private String readingRoot;
    private final ExecutableNormalizedOperation operation;
    private final Request request;
    private int aliases;

    /**
     * What besides the normalized operation the compiler needs: to order the fields under node(id),
     * whose view it reads, which variables it binds per request.
     */
    record Request(GraphQLSchema schema, Map<String, FragmentDefinition> fragments, Map<String, Object> variables,
            Set<String> boundVariables, SearchQueries searches, Viewer viewer, CountryCatalog countryCatalog,
            CountryNameIndex countryNames, NinjsRenderer ninjs, String defaultCopyrightHolder) {
    }

    /**
     * How a request's value of a bound variable becomes a placeholder's parameter; a value it refuses
     * (a cursor of another list, say, which the planned refusals report first) is a defect.
     */
    record Binding(String variables, Function<Map<String, Object>, Object> parameter, String rootField) {

        Object bind(Map<String, Object> values) {
            try {
                return parameter.apply(values);
            } catch (NotCompilable refused) {
                throw refused;
            } catch (RuntimeException refused) {
                throw new NotCompilable(variables + ": " + refused.getMessage());
            }
        }
    }

    private OperationCompiler(ExecutableNormalizedOperation operation, Request request) {
        this.operation = operation;
        this.request = request;
    }

    static CompiledStatement compile(ExecutableNormalizedOperation operation, Request request) {
        OperationCompiler compiler = new OperationCompiler(operation, request);
        List<ExecutableNormalizedField> rootFields = operation.getTopLevelFields();
        List<ExecutableNormalizedField> searches = rootFields.stream()
                .filter(field -> field.getName().equals("search")).toList();
        if (!searches.isEmpty()) {
            // a search refused for every request is a root field beside the others (null, its error)
            List<ExecutableNormalizedField> planned = searches.stream().filter(search -> !compiler.refuses(search))
                    .toList();
            if (!planned.isEmpty()) {
                SearchPage page = SearchPage.compile(compiler, compiler.sql, request.searches(), planned,
                        rootFields);
                boolean readsFeed = rootFields.stream().anyMatch(field -> field.getName().equals("syndicationFeed"));
                // as below: the statement runs for the errors only its rows tell, the data staying null
                boolean readForErrors = compiler.dataIsNull
                        && (!compiler.expiredFeedCursors.isEmpty() || !compiler.refusedBelowRoot.isEmpty());
                return new CompiledStatement(compiler.sql.build().render(), null, page, List.copyOf(compiler.steps),
                        readsFeed, Map.copyOf(compiler.bindings), compiler.rootErrorsInOrder(rootFields),
                        compiler.dataIsNull && !readForErrors ? "null" : null, readForErrors,
                        List.copyOf(compiler.expiredFeedCursors), compiler.refusedBelowRoot(),
                        compiler.rootFieldsOnFailure(rootFields));
            }
            // all refused: null in the statement below, which no request runs (a search is non-null)
        }
        // The JSON as bytea, its UTF-8 bytes: a text column would be decoded into a String by the
        // driver and encoded again for the response (two thirds of what an answer allocated).
        compiler.sql.text("select convert_to(");
        boolean guarded = compiler.expiredFeedCursors(rootFields, true);
        compiler.rootFields(operation.getTopLevelFields());
        compiler.sql.text("::text");
        if (guarded) {
            compiler.sql.text(" end");
        }
        compiler.sql.text(", 'UTF8')");
        String constantData = compiler.constantData(rootFields);
        // A non-null root field refused for every request leaves no data, but the interpreter still
        // reads the others and reports what only their rows tell (a feed's expired cursor, the places
        // of fields refused below the root): the statement runs for those errors.
        boolean readForErrors = compiler.dataIsNull && (guarded || !compiler.refusedBelowRoot.isEmpty());
        boolean readsFeed = rootFields.stream().anyMatch(field -> field.getName().equals("syndicationFeed"));
        Sql data = compiler.sql.build();
        return new CompiledStatement(data.render(), data.then(", ").then(ContentClock.COLUMNS).render(), null,
                List.copyOf(compiler.steps), readsFeed, Map.copyOf(compiler.bindings), compiler.rootErrorsInOrder(rootFields),
                readForErrors ? null : constantData, readForErrors, List.copyOf(compiler.expiredFeedCursors),
                compiler.refusedBelowRoot(),
                compiler.rootFieldsOnFailure(rootFields));
    }

    /**
     * The root fields as a failed statement leaves them (see {@link CompiledStatement#failedRead}):
     * {@code __typename} and {@code _service} keep their values, which no database read gives.
     */
    private List<RootField> rootFieldsOnFailure(List<ExecutableNormalizedField> rootFields) {
        List<RootField> described = new ArrayList<>(rootFields.size());
        for (ExecutableNormalizedField field : rootFields) {
            String constant = switch (field.getName()) {
                case "__typename" -> "\"Query\"";
                case "_service", "__schema", "__type" -> services.get(field.getResultKey());
                default -> null;
            };
            boolean nonNull = !field.getName().equals("__typename") && nonNull(field);
            described.add(new RootField(field.getResultKey(), location(field), nonNull, constant));
        }
        return List.copyOf(described);
    }

    /**
     * The root fields' refusals in the order of the fields, as the interpreter reads them and reports
     * their errors (a search's are noted before the fields beside it are written).
     */
    private List<RootError> rootErrorsInOrder(List<ExecutableNormalizedField> rootFields) {
        List<String> keys = rootFields.stream().map(ExecutableNormalizedField::getResultKey).toList();
        return rootErrors.stream().sorted(Comparator.comparingInt(error -> keys.indexOf(error.resultKey()))).toList();
    }

    /**
     * The step of the refused fields below the root, null without any. Beside refused root fields,
     * its errors follow theirs.
     */
    private RefusedBelowRoot refusedBelowRoot() {
        if (refusedBelowRoot.isEmpty()) {
            return null;
        }
        return new RefusedBelowRoot(refusedBelowRoot.values().stream()
                .sorted(Comparator.comparingInt(RefusedBelowRoot.Field::number)).toList());
    }

    /**
     * The data when no statement needs to read it: null when a refused field is non-null, every key
     * null when every root field is refused; null (Java's) when the statement reads it.
     */
    private String constantData(List<ExecutableNormalizedField> rootFields) {
        if (dataIsNull) {
            return "null";
        }
        // no root field (all skipped) is read by a statement too: a GET's Last-Modified comes with it
        if (rootFields.isEmpty() || rootErrors.stream().filter(error -> !error.perRequest()).count() < rootFields.size()) {
            return null;
        }
        StringBuilder data = new StringBuilder("{");
        for (ExecutableNormalizedField field : rootFields) {
            // a result key is a GraphQL name: nothing in it to escape
            data.append(data.length() == 1 ? "" : ",").append('"').append(field.getResultKey()).append("\":null");
        }
        return data.append('}').toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Query

    private void rootFields(List<ExecutableNormalizedField> fields) {
        JsonObject object = new JsonObject(fields.size());
        for (ExecutableNormalizedField field : fields) {
            object.pair();
            sql.append(name(field.getResultKey())).text(", ");
            reading(field);
            if (refused(field)) {
                sql.text("null");
            } else {
                rootField(field);
            }
        }
        object.end();
    }

    /** The root field whose values the placeholders made from now on are (until another is read). */
    void reading(ExecutableNormalizedField rootField) {
        readingRoot = rootField.getResultKey();
    }

    /**
     * A root field's value beside a search's rows: its JSON as text (SearchPage writes it under its
     * key); SQL's null for a feed read after a cursor that expired (then the answer is its error).
     * Whether it is such a feed.
     */
    boolean rootFieldJson(ExecutableNormalizedField field) {
        boolean guarded = field.getName().equals("syndicationFeed") && expiredFeedCursors(List.of(field), false);
        reading(field);
        if (refused(field)) {
            sql.text("'null'::text");
        } else {
            sql.text("coalesce(to_json(");
            rootField(field);
            sql.text(")::text, 'null')"); // a root object that is not there: JSON's null, not SQL's
        }
        if (guarded) {
            sql.text(" end");
        }
        return guarded;
    }

    /**
     * Whether the field's resolver refuses its own arguments before it reads anything, as the
     * interpreter's does (the same checks, in the same order): then it is null in the data, or
     * makes all of it null when its type is non-null, and its error is the interpreter's. A check
     * of a bound variable's value is made for each request again: the plan serves a shape of values.
     */
    private boolean refused(ExecutableNormalizedField field) {
        if (!refuses(field)) {
            return false;
        }
        Function<Asked, ApiException> refusal = refusal(field);
        rootErrors.add(new RootError(field.getResultKey(), location(field), refusal, false));
        if (nonNull(field)) {
            dataIsNull = true;
        }
        return true;
    }

    /** Whether the field's resolver refuses the compiling request's arguments (nothing noted). */
    private boolean refuses(ExecutableNormalizedField field) {
        Function<Asked, ApiException> refusal = refusal(field);
        return refusal != null && refusal.apply(asked()) != null;
    }

    /**
     * What the compiling request's refusals are decided on: its variables, as any caller of this
     * viewer (the plan serves them all; each request's own caller names itself in the message).
     */
    private Asked asked() {
        return new Asked(request.variables(), null, null);
    }

    private SourceLocation location(ExecutableNormalizedField field) {
        return operation.getMergedField(field).getSingleField().getSourceLocation();
    }

    private boolean nonNull(ExecutableNormalizedField field) {
        // the field's definition as the normalized operation finds it: Query's, or introspection's
        return field.getFieldDefinitions(request.schema()).get(0).getType() instanceof GraphQLNonNull;
    }

    /** The refusal of a root field's resolver for a request's variables (null: it takes them), or null when it has none. */
    private Function<Asked, ApiException> refusal(ExecutableNormalizedField field) {
        Map<String, Object> arguments = field.getResolvedArguments();
        ApiException unconvertible = unconvertible(field);
        if (unconvertible != null) {
            return constant(unconvertible);
        }
        return switch (field.getName()) {
            case "articles" -> {
                // ArticleApi.articles: the page, then the status and the filter (ArticleQueries.articles)
                ArticleFilter filter = articleFilter(arguments.get("filter"));
                yield constant(refusedBy(() -> {
                    pageArgs(arguments);
                    ArticleQueries.requireListable(listedStatus(arguments.get("filter")), editor());
                    ArticleQueries.requireFilter(filter, catalogFor(filter != null ? filter.country : null));
                }));
            }
            case "statements" -> {
                StatementFilter filter = statementFilter(arguments.get("filter"));
                yield constant(refusedBy(() -> {
                    pageArgs(arguments);
                    StatementQueries.requireFilter(filter, catalogFor(filter != null ? filter.country : null));
                }));
            }
            // a name prefix given by a bound variable is checked for each request (refusedOnRequest)
            case "speakers" -> {
                SpeakerFilter filter = speakerFilter(arguments.get("filter"), boundVariable(field, "filter",
                        "namePrefix") == null);
                yield constant(refusedBy(() -> {
                    pageArgs(arguments);
                    SpeakerQueries.requireFilter(filter, catalogFor(filter != null ? filter.country : null));
                }));
            }
            case "countries" -> {
                CountryFilter filter = new CountryFilter();
                if (boundVariable(field, "filter", "namePrefix") == null) {
                    filter.namePrefix = text(inputFields(arguments.get("filter")).get("namePrefix"));
                }
                yield constant(refusedBy(() -> {
                    pageArgs(arguments);
                    CountryQueries.requireFilter(filter);
                }));
            }
            // PartnerApi.partners: the caller, then the page
            case "partners" -> request.viewer() != Viewer.ADMIN ? asked -> Caller.notAnAdmin(asked.caller())
                    : constant(refusedBy(() -> pageArgs(arguments)));
            // SyndicationFeedApi.syndicationFeed: the caller, then the page (the cursor is FeedQueries')
            case "syndicationFeed" -> request.viewer() != Viewer.PARTNER ? asked -> {
                if (asked.partnerId() != null) {
                    // only the API key mechanism makes a partner, and with the partner role alone
                    throw new NotCompilable("the feed of a partner with another role");
                }
                return Caller.notAPartner(asked.caller());
            } : constant(refusedBy(() -> pageArgs(arguments)));
            // kept by the plan: captures the request's values and the schema, not the compiler
            case "node" -> {
                Function<Map<String, Object>, Object> id = argument(field, "id");
                Predicate<String> nodeType = nodeTypes(request.schema());
                yield asked -> id.apply(asked.variables()) instanceof String text
                        ? refusedBy(() -> NodeApi.requireNodeIds(List.of(text), nodeType, BoundVariables::keyedByNumber))
                        : null;
            }
            case "nodes" -> {
                Function<Map<String, Object>, Object> ids = argument(field, "ids");
                Predicate<String> nodeType = nodeTypes(request.schema());
                yield asked -> ids.apply(asked.variables()) instanceof List<?> list ? refusedBy(() -> {
                    NodeApi.requireAtMostAPage(list);
                    NodeApi.requireNodeIds(strings(list), nodeType, BoundVariables::keyedByNumber);
                }) : null;
            }
            // EntityRepresentations, then the resolvers of Entities: each representation, each type's batch, each ID
            case "_entities" -> {
                Function<Map<String, Object>, Object> representations = argument(field, "representations");
                GraphQLSchema schema = request.schema();
                yield asked -> representations.apply(asked.variables()) instanceof List<?> list
                        ? refusedBy(() -> Entities.requireRepresentations(list, schema))
                        : null;
            }
            // SearchApi.search: SearchQueries.plan checks the query, the page, the filter, the cursor
            case "search" -> {
                SearchQueries searches = request.searches();
                SearchFilter filter = SearchPage.filter(arguments.get("filter"), searches);
                Integer first = size(arguments, "first");
                String query = SearchPage.text(arguments.get("query"));
                String after = SearchPage.text(arguments.get("after"));
                String queryVariable = boundVariable(field, "query");
                if (queryVariable == null && boundVariable(field, "after") == null) {
                    yield constant(refusedBy(() -> searches.plan(query, filter, first, after)));
                }
                // What the plan serves every value of its variables with: refused on stand-ins, refused for
                // every request (after the request's own query, which is checked first); else SearchPage
                // checks each request's query and cursor.
                ApiException refused = refusedBy(() -> SearchPage.plannedOnStandIns(searches,
                        queryVariable == null ? query : null, filter, first, after != null));
                yield refused == null ? null : asked -> {
                    ApiException ofQuery = refusedBy(() -> SearchText.require("query",
                            SearchPage.text(asked.variables().get(queryVariable))));
                    return queryVariable != null && ofQuery != null ? ofQuery : refused;
                };
            }
            default -> null;
        };
    }

    /**
     * A root field the plan reads unless a request's own values are refused (its bound variables,
     * checked as its resolver checks them after what the plan checked already): then the field's
     * error replaces all of the data (the field is non-null), for that request only.
     */
    void refusedPerRequest(ExecutableNormalizedField field, Function<Map<String, Object>, ApiException> refusal) {
        if (!nonNull(field)) {
            throw new NotCompilable("a refusal per request of a nullable field");
        }
        rootErrors.add(new RootError(field.getResultKey(), location(field), asked -> {
            try {
                return refusal.apply(asked.variables());
            } catch (ApiException refused) {
                return refused;
            } catch (NotCompilable declined) {
                throw declined;
            } catch (RuntimeException unexpected) {
                throw new NotCompilable(field.getName() + ": " + unexpected.getMessage());
            }
        }, true));
    }

    private static Function<Asked, ApiException> constant(ApiException refused) {
        return asked -> refused;
    }

    /** The paging arguments as the resolvers take them (PageArgs checks the sizes; cursors are read later). */
    private static void pageArgs(Map<String, Object> arguments) {
        new PageArgs(size(arguments, "first"), null, size(arguments, "last"), null);
    }

    /** A page size; one SmallRye cannot take as an int is refused as it refuses it. */
    private static Integer size(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (value != null && !(value instanceof Integer)) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, ErrorShapingInstrumentation.unconvertibleValue(
                    "'" + name + "' takes an Int (a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                            + "), not " + value + "."));
        }
        return (Integer) value;
    }

    /**
     * What SmallRye refuses of a root field's arguments as it converts them, before the resolver
     * runs (which is first, whatever else the resolver would refuse): an Int graphql-java let
     * through that is no int (1.5E300), a date-time in an input object that is none.
     */
    private ApiException unconvertible(ExecutableNormalizedField field) {
        GraphQLFieldDefinition definition = field.getFieldDefinitions(request.schema()).get(0);
        for (GraphQLArgument argument : definition.getArguments()) {
            Object value = field.getResolvedArguments().get(argument.getName());
            GraphQLType type = GraphQLTypeUtil.unwrapNonNull(argument.getType());
            if (value == null) {
                continue;
            }
            if (type instanceof GraphQLScalarType scalar && scalar.getName().equals("Int")) {
                ApiException refused = refusedBy(() -> size(field.getResolvedArguments(), argument.getName()));
                if (refused != null) {
                    return refused;
                }
            }
            if (type instanceof GraphQLInputObjectType input && value instanceof Map<?, ?> fields) {
                for (GraphQLInputObjectField inputField : input.getFieldDefinitions()) {
                    Object fieldValue = fields.get(inputField.getName());
                    if (fieldValue != null
                            && GraphQLTypeUtil.unwrapNonNull(inputField.getType()) instanceof GraphQLScalarType scalar
                            && scalar.getName().equals("DateTime") && QueryLists.instantOrNull(fieldValue) == null) {
                        return new ApiException(ErrorCode.BAD_USER_INPUT,
                                ErrorShapingInstrumentation.unconvertibleInput(argument.getName(), input.getName()));
                    }
                }
            }
        }
        return null;
    }

    /** The status a filter lists: published without one. */
    private static ArticleStatus listedStatus(Object filter) {
        Object status = filter instanceof Map<?, ?> fields ? fields.get("status") : null;
        try {
            return status == null ? ArticleStatus.PUBLISHED : ArticleStatus.valueOf(status.toString());
        } catch (IllegalArgumentException unknown) {
            throw new NotCompilable("articles filter status " + status);
        }
    }

    /** The fields of an input object as the resolver receives them (none without one). */
    private static Map<?, ?> inputFields(Object input) {
        if (input == null) {
            return Map.of();
        }
        if (!(input instanceof Map<?, ?> fields)) {
            throw new NotCompilable("filter " + input);
        }
        return fields;
    }

    private static String text(Object value) {
        if (value != null && !(value instanceof String)) {
            throw new NotCompilable("filter value " + value);
        }
        return (String) value;
    }

    /** ArticleQueries' filter, with the fields its check reads. */
    private static ArticleFilter articleFilter(Object input) {
        Map<?, ?> fields = inputFields(input);
        ArticleFilter filter = new ArticleFilter();
        filter.query = text(fields.get("query"));
        filter.language = text(fields.get("language"));
        filter.country = text(fields.get("country"));
        filter.speaker = text(fields.get("speaker"));
        return filter;
    }

    /** StatementQueries' filter, with the fields its check reads. */
    private static StatementFilter statementFilter(Object input) {
        Map<?, ?> fields = inputFields(input);
        StatementFilter filter = new StatementFilter();
        filter.query = text(fields.get("query"));
        filter.speaker = text(fields.get("speaker"));
        filter.article = text(fields.get("article"));
        filter.country = text(fields.get("country"));
        return filter;
    }

    /** SpeakerQueries' filter, with the fields its check reads (the name prefix where the plan holds it). */
    private static SpeakerFilter speakerFilter(Object input, boolean withNamePrefix) {
        Map<?, ?> fields = inputFields(input);
        SpeakerFilter filter = new SpeakerFilter();
        filter.query = text(fields.get("query"));
        filter.country = text(fields.get("country"));
        filter.namePrefix = withNamePrefix ? text(fields.get("namePrefix")) : null;
        return filter;
    }

    /** The catalog that checks a filter's country: in memory only (reading it is not for an event loop). */
    private CountryCatalog catalogFor(String country) {
        if (country != null && !request.countryCatalog().isLoaded()) {
            throw NotCompilable.forNow("a country filter before the catalog is read");
        }
        return request.countryCatalog();
    }

    /** A list of IDs as the schema takes it (validation refused anything else). */
    private static List<String> strings(List<?> ids) {
        List<String> strings = new ArrayList<>(ids.size());
        for (Object id : ids) {
            if (!(id instanceof String text)) {
                throw new NotCompilable("ids");
            }
            strings.add(text);
        }
        return strings;
    }

    private static ApiException refusedBy(Runnable check) {
        try {
            check.run();
            return null;
        } catch (ApiException refused) {
            return refused;
        }
    }

    /** The types node(id) takes: those that implement Node. */
    private static Predicate<String> nodeTypes(GraphQLSchema schema) {
        return typeName -> schema.getType(typeName) instanceof GraphQLObjectType type
                && type.getInterfaces().stream().anyMatch(implemented -> implemented.getName().equals("Node"));
    }

    /** An argument's value for a request: its bound variable's, or the one compiled in. */
    private Function<Map<String, Object>, Object> argument(ExecutableNormalizedField field, String name) {
        String variable = boundVariable(field, name);
        Object compiled = field.getResolvedArguments().get(name);
        return variable == null ? variables -> compiled : variables -> variables.get(variable);
    }

    private void rootField(ExecutableNormalizedField field) {
        switch (field.getName()) {
            case "__typename" -> sql.text("'Query'::text");
            case "articles" -> articles(field);
            case "syndicationFeed" -> syndicationFeed(field);
            case "article" -> article(field);
            case "node" -> node(field);
            case "country" -> country(field);
            case "countries" -> {
                connection(QueryLists.countries(field.getResolvedArguments().get("filter"), filterValues(field),
                        request.countryNames()), field, null);
            }
            case "partners" -> {
                if (request.viewer() != Viewer.ADMIN) {
                    throw new NotCompilable("partners of a non-admin"); // FORBIDDEN, reported by the interpreter
                }
                connection(ReadModel.PARTNERS, field, null);
            }
            case "speakers" -> {
                Map<String, Object> arguments = field.getResolvedArguments();
                connection(QueryLists.speakers(arguments.get("filter"), filterValues(field), arguments.get("orderBy"),
                        request.countryCatalog()), field, null);
            }
            case "statements" -> {
                Map<String, Object> arguments = field.getResolvedArguments();
                connection(QueryLists.statements(arguments.get("filter"), arguments.get("orderBy"),
                        request.countryCatalog()), field, null);
            }
            case "nodes" -> nodes(field);
            case "_entities" -> entities(field);
            case "_service" -> service(field);
            case "__schema", "__type" -> introspection(field);
            default -> throw new NotCompilable("Query." + field.getName());
        }
    }

    /**
     * Query.articles(filter, orderBy, paging) as ArticleQueries.articles: articles in the filter's
     * status (published without one; other statuses for editors only, drafts ordered by their last
     * update where they were never published), under embargo for editors only.
     */
    private void articles(ExecutableNormalizedField field) {
        Map<String, Object> arguments = field.getResolvedArguments();
        ArticleStatus status = status(arguments.get("filter"));
        String column = status == ArticleStatus.DRAFT ? "coalesce(a.first_published_at, a.last_updated_at)"
                : "a.first_published_at";
        boolean descending = true;
        if (arguments.get("orderBy") instanceof Map<?, ?> order) {
            Object orderField = order.get("field");
            if (orderField != null && orderField.toString().equals("LAST_UPDATED_AT")) {
                column = "a.last_updated_at";
            } else if (orderField != null && !orderField.toString().equals("FIRST_PUBLISHED_AT")) {
                throw new NotCompilable("order " + orderField);
            }
            Object direction = order.get("direction");
            descending = direction == null || direction.toString().equals("DESC");
        } else if (arguments.get("orderBy") != null) {
            throw new NotCompilable("orderBy");
        }
        String query = QueryLists.searchQuery(arguments.get("filter"));
        ReadModel.Listing listing = query != null
                ? ReadModel.searchedArticles(query, column, descending, arguments.get("orderBy") == null, status,
                        request.viewer())
                : ReadModel.articles(column, descending, status, request.viewer());
        connection(QueryLists.articles(listing, arguments.get("filter"), request.countryCatalog()), field, null);
    }

    /** The filter's status, PUBLISHED without one; another status than PUBLISHED only for editors (the interpreter refuses it). */
    private ArticleStatus status(Object filter) {
        Object status = filter instanceof Map<?, ?> fields ? fields.get("status") : null;
        if (status == null) {
            return ArticleStatus.PUBLISHED;
        }
        ArticleStatus parsed;
        try {
            parsed = ArticleStatus.valueOf(status.toString());
        } catch (IllegalArgumentException unknown) {
            throw new NotCompilable("articles filter status " + status);
        }
        if (parsed != ArticleStatus.PUBLISHED && !editor()) {
            throw new NotCompilable("articles filter status " + status); // FORBIDDEN, reported by the interpreter
        }
        return parsed;
    }

    /**
     * Query.syndicationFeed(after, first): the calling partner's entries after the cursor, oldest
     * first (FeedQueries.after). Anyone else is refused by the interpreter.
     */
    private void syndicationFeed(ExecutableNormalizedField field) {
        if (request.viewer() != Viewer.PARTNER) {
            throw new NotCompilable("syndicationFeed of a non-partner");
        }
        connection(ReadModel.SYNDICATION_FEED, field, null);
    }

    /**
     * For the partner's feeds read after a cursor, the start of {@code case when <one expired> then
     * <which> else}: a cursor older than what retention removed is answered with FEED_CURSOR_EXPIRED,
     * as FeedQueries reports it, and no data. What the statement reads then is {@link ExpiredFeeds}'
     * array of which feeds expired (of the whole statement), or SQL's null (a search's column of one
     * feed). Whether one was written.
     */
    private boolean expiredFeedCursors(List<ExecutableNormalizedField> rootFields, boolean whichAsArray) {
        List<Sql> expiries = new ArrayList<>();
        for (ExecutableNormalizedField field : rootFields) {
            if (field.getName().equals("syndicationFeed") && request.viewer() == Viewer.PARTNER && !refuses(field)) {
                reading(field);
                List<Object> position = paging(ReadModel.SYNDICATION_FEED, field).after();
                if (position != null) {
                    expiries.add(FeedQueries.expired(position.get(0), position.get(1)));
                    ApiException expired = FeedQueries.expiredCursor();
                    expiredFeedCursors.add(new RootError(field.getResultKey(), location(field), asked -> expired, true));
                }
            }
        }
        if (expiries.isEmpty()) {
            return false;
        }
        sql.text("case when exists (select 1 from partner p where p.id = ").value(Viewer.CALLING_PARTNER)
                .text(" and (");
        String separator = "";
        for (Sql expiry : expiries) {
            sql.text(separator).append(expiry);
            separator = " or ";
        }
        if (!whichAsArray) {
            sql.text(")) then null else ");
            return true;
        }
        sql.text(")) then (select json_build_array(");
        separator = "";
        for (Sql expiry : expiries) {
            sql.text(separator).append(expiry);
            separator = ", ";
        }
        sql.text(")::text from partner p where p.id = ").value(Viewer.CALLING_PARTNER).text(") else ");
        return true;
    }

    /**
     * Query.article(slug): by the slug or one it had before, published only, whatever its status
     * for editors (ArticleQueries.bySlug).
     */
    private void article(ExecutableNormalizedField field) {
        if (!(field.getResolvedArguments().get("slug") instanceof String)) {
            throw new NotCompilable("slug");
        }
        Sql slug = parameter(field, "slug", value -> (String) value);
        object(ReadModel.ARTICLE, field, it -> table("article", it), it -> Sql.text(editor() ? "true"
                : PublicArticles.publicCondition(it)).then(" and ").then(ReadModel.column(it, "id"))
                .then(" in (select id from article where slug = ").then(slug)
                .then(" union all select article_id from article_slug_history where slug = ").then(slug)
                .then(")"));
    }

    /**
     * Query.node(id) as its type is read (they give editors every article and statement,
     * admins partners, everyone a country by its alpha-2 code).
     */
    private void node(ExecutableNormalizedField field) {
        Object id = field.getResolvedArguments().get("id");
        if (!(id instanceof String text)) {
            throw new NotCompilable("id");
        }
        // the key as NodeKey takes it, from the document or each request's variable
        objectByKey(typeOfId(text), field, parameter(field, "id", value -> NodeKey.of((String) value).key()));
    }

    /**
     * Query.nodes(ids): the objects in the order asked for, null where there is none or the viewer
     * may not see it, each as node(id) reads it (NodeApi.resolve). The keys of each type are one
     * array parameter with their positions in the list, so that one statement serves every list of
     * the same types, whatever its length and order (BoundVariables' shape of a list of IDs).
     */
    private void nodes(ExecutableNormalizedField field) {
        if (!(field.getResolvedArguments().get("ids") instanceof List<?> ids) || ids.size() > PageArgs.MAX_PAGE_SIZE) {
            throw new NotCompilable("ids"); // more than a page the interpreter refuses
        }
        String variable = boundVariable(field, "ids");
        Set<String> types = new LinkedHashSet<>();
        for (Object id : ids) {
            if (!(id instanceof String text)) {
                throw new NotCompilable("ids");
            }
            types.add(typeOfId(text));
        }
        if (types.isEmpty()) {
            sql.text("json_build_array()");
            return;
        }
        listByKeys(types, type -> values -> KeysOfType.ofIds(variable == null ? ids : (List<?>) values.get(variable),
                type), variable, (type, key) -> objectByKey(type, field, key));
    }

    /**
     * A list of objects of these types by their keys, in the order asked for: each type's keys and
     * their positions in the list are one array parameter each (from the document, or from each
     * request's variable), so the statement depends on the types only.
     *
     * @param ofType each type's keys and positions, from a request's variables
     * @param object writes a type's object by the key it is given
     */
    private void listByKeys(Set<String> types, Function<String, Function<Map<String, Object>, KeysOfType>> ofType,
            String variable, BiConsumer<String, Sql> object) {
        String list = alias();
        sql.text("(select coalesce(json_agg(").append(ReadModel.column(list, "node_json")).text(" order by ")
                .append(ReadModel.column(list, "node_at")).text("), '[]'::json) from (");
        String separator = "";
        for (String type : types) {
            Function<Map<String, Object>, KeysOfType> keysOf = ofType.apply(type);
            Sql keys;
            Sql positions;
            if (variable == null) {
                KeysOfType literal = keysOf.apply(Map.of());
                keys = Sql.value(literal.keys());
                positions = Sql.value(literal.positions());
            } else {
                keys = Sql.value(placeholderOfVariables("$" + variable + "'s " + type + " keys",
                        values -> keysOf.apply(values).keys()));
                positions = Sql.value(placeholderOfVariables("$" + variable + "'s " + type + " positions",
                        values -> keysOf.apply(values).positions()));
            }
            String key = alias();
            sql.text(separator).text("select ").append(ReadModel.column(key, "node_at")).text(", ");
            object.accept(type, ReadModel.column(key, "node_key"));
            sql.text(" as node_json from unnest(cast(").append(keys)
                    .text(BoundVariables.keyedByNumber(type) ? " as bigint[]), cast(" : " as text[]), cast(")
                    .append(positions).text(" as integer[])) as ").append(Sql.identifier(key))
                    .text("(node_key, node_at)");
            separator = " union all ";
        }
        sql.text(") as ").append(Sql.identifier(list)).text(")");
    }

    /** The keys of a list's objects of one type, as their loaders read them, and their positions in the list. */
    private record KeysOfType(Object[] keys, Integer[] positions) {

        /** Of nodes(ids): the IDs' keys, as node(id) reads them. */
        static KeysOfType ofIds(List<?> ids, String type) {
            return of(ids, type, id -> {
                NodeKey key = NodeKey.of((String) id);
                return key.type().equals(type) ? key.key() : null;
            });
        }

        /** Of _entities(representations): an ID's key, or a country's code as CountryCatalog.byCode reads it. */
        static KeysOfType ofRepresentations(List<?> representations, String type) {
            return of(representations, type, representation -> {
                Map<?, ?> fields = (Map<?, ?>) representation;
                if (!type.equals(fields.get("__typename"))) {
                    return null;
                }
                return type.equals("Country") ? countryCode(fields.get("code"))
                        : NodeKey.of((String) fields.get("id")).key();
            });
        }

        private static KeysOfType of(List<?> list, String type, Function<Object, Object> keyOfType) {
            List<Object> keys = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object key = keyOfType.apply(list.get(i));
                if (key != null) {
                    keys.add(key);
                    positions.add(i);
                }
            }
            return new KeysOfType(BoundVariables.keyedByNumber(type) ? keys.toArray(new Long[0])
                    : keys.toArray(new String[0]), positions.toArray(new Integer[0]));
        }
    }

    /** The type of a global ID whose key is one its loader reads (what BoundVariables' shape of an ID holds). */
    private static String typeOfId(String id) {
        return NodeKey.of(id).type();
    }

    /**
     * A global ID as node(id) reads it: its type and key, a number or (for a country) a code.
     * One they refuse (malformed, or naming an unknown type) the interpreter reports; one whose key is
     * not written as the loaders write it back ("007" for 7) they find nothing for, and neither does
     * the plan: its key is {@link #NO_ROW}.
     */
    private record NodeKey(String type, Object key) {

        /** No row's key: every table's keys come from a sequence that starts at 1. */
        static final long NO_ROW = 0;

        static NodeKey of(String id) {
            try {
                GlobalId parsed = GlobalId.parse(id);
                if (!BoundVariables.keyedByNumber(parsed.type())) {
                    return new NodeKey(parsed.type(), parsed.key());
                }
                long key = parsed.numericKey();
                return new NodeKey(parsed.type(), Long.toString(key).equals(parsed.key()) ? key : NO_ROW);
            } catch (RuntimeException malformed) {
                throw new NotCompilable("malformed id");
            }
        }
    }

    /**
     * The object of a type with this key as node(id) gives it to the viewer, null where there is
     * none or the viewer may not see it: editors get every article and statement, a merged
     * speaker's ID its survivor, admins partners. The fields are those of the abstract
     * {@code field} that apply to the type.
     */
    private void objectByKey(String typeName, ExecutableNormalizedField field, Sql key) {
        objectByKey(typeName, field, key, false);
    }

    /**
     * {@link #objectByKey(String, ExecutableNormalizedField, Sql)}, or as another subgraph refers to
     * it ({@code referenced}): then readers see an article only while it is published
     * (PublicArticles.PUBLIC).
     */
    private void objectByKey(String typeName, ExecutableNormalizedField field, Sql key, boolean referenced) {
        ReadModel.ObjectType type = ReadModel.type(typeName);
        List<ExecutableNormalizedField> children = inCollectionOrder(field, type.name());
        switch (typeName) {
            case "Article" -> object(type, children, it -> table("article", it),
                    it -> Sql.text(editor() ? "true" : referenced ? PublicArticles.publicCondition(it)
                            : PublicArticles.publicOrWithdrawnCondition(it)).then(" and ")
                            .then(ReadModel.column(it, "id")).then(" = ").then(key));
            case "Statement" -> object(type, children, it -> table("statement", it)
                    .then(" join article a on a.id = ").then(ReadModel.column(it, "article_id")),
                    it -> Sql.text(editor() ? "true" : request.viewer() == Viewer.EVENT_READER
                            ? PublicArticles.publicOrWithdrawnCondition("a") : PublicArticles.PUBLIC).then(" and ")
                            .then(ReadModel.column(it, "id")).then(" = ").then(key));
            // a merged speaker's ID resolves to the speaker it was merged into
            case "Speaker" -> object(type, children, it -> table("speaker", it),
                    it -> ReadModel.column(it, "id").then(" = coalesce((select id from speaker where id = ")
                            .then(key).then("), (select survivor_id from speaker_merge where merged_id = ")
                            .then(key).then("))"));
            // the country whose alpha-2 code is the key as written (no other case, no alpha-3)
            case "Country" -> object(type, children, it -> table("country", it),
                    it -> ReadModel.column(it, "alpha2").then(" = ").then(key));
            // admins only; anyone else gets null
            case "Partner" -> object(type, children, it -> table("partner", it),
                    it -> Sql.text(request.viewer() == Viewer.ADMIN ? "true" : "false").then(" and ")
                            .then(ReadModel.column(it, "id")).then(" = ").then(key));
            default -> throw new NotCompilable("node of type " + typeName);
        }
    }

    /**
     * Query.country(code): alpha-2 or alpha-3, in any case, null when there is none. The country table
     * is what CountryCatalog holds; the code is normalised as CountryCatalog.byCode does.
     */
    private void country(ExecutableNormalizedField field) {
        if (!(field.getResolvedArguments().get("code") instanceof String)) {
            throw new NotCompilable("code");
        }
        countryByCode(field.getChildren(), parameter(field, "code", OperationCompiler::countryCode));
    }

    /** A country code as CountryCatalog.byCode reads it: alpha-2 or alpha-3, in any case. */
    private static String countryCode(Object code) {
        return ((String) code).strip().toUpperCase(Locale.ROOT);
    }

    /** The country whose alpha-2 or alpha-3 code is {@code code} (normalised), null when there is none. */
    private void countryByCode(List<ExecutableNormalizedField> fields, Sql code) {
        object(ReadModel.COUNTRY, fields, it -> table("country", it), it -> Sql.text("(")
                .then(ReadModel.column(it, "alpha2")).then(" = ").then(code).then(" or ")
                .then(ReadModel.column(it, "alpha3")).then(" = ").then(code).then(")"));
    }

    /**
     * Query._service of Apollo Federation: the subgraph's SDL, the text federation's own resolver of
     * {@code _Service.sdl} answers (printed once, when the schema was built), bound as a value.
     */
    private void service(ExecutableNormalizedField field) {
        JsonObject object = new JsonObject(field.getChildren().size());
        StringWriter value = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(value)) {
            json.writeStartObject();
            for (ExecutableNormalizedField child : field.getChildren()) {
                object.pair();
                sql.append(name(child.getResultKey())).text(", ");
                json.writeFieldName(child.getResultKey());
                switch (child.getName()) {
                    case "__typename" -> {
                        sql.text("'_Service'::text");
                        json.writeString("_Service");
                    }
                    case "sdl" -> {
                        String sdl = subgraphSdl(request.schema());
                        sql.value(sdl).text("::text");
                        json.writeString(sdl);
                    }
                    default -> throw new NotCompilable("_Service." + child.getName());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        object.end();
        services.put(field.getResultKey(), value.toString());
    }

    /**
     * Query.__schema and Query.__type: introspection, which graphql-java answers from the schema
     * alone (its own data fetchers, none of ours, no database): the field written again as a
     * document of its own (its arguments as literals: they are part of the plan's shape), run once
     * for the plan, its value bound as JSON.
     */
    private void introspection(ExecutableNormalizedField field) {
        StringBuilder document = new StringBuilder("{ ");
        introspectionSelection(document, field);
        ExecutionResult result = GraphQL.newGraphQL(request.schema()).build().execute(document.append(" }").toString());
        if (!result.getErrors().isEmpty() || !(result.getData() instanceof Map<?, ?> data)) {
            throw new NotCompilable("introspection: " + result.getErrors());
        }
        String value;
        try {
            value = INTROSPECTION_JSON.writeValueAsString(data.get(field.getResultKey()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // as text first: Vert.x's client writes a String given for a json parameter as a JSON string
        sql.value(value).text("::text::json");
        services.put(field.getResultKey(), value);
    }

    /** A normalized introspection field as GraphQL text: introspection's types are objects, its arguments scalars. */
    private static void introspectionSelection(StringBuilder out, ExecutableNormalizedField field) {
        if (!field.getResultKey().equals(field.getName())) {
            out.append(field.getResultKey()).append(": ");
        }
        out.append(field.getName());
        if (!field.getResolvedArguments().isEmpty()) {
            List<String> arguments = new ArrayList<>();
            for (Map.Entry<String, Object> argument : field.getResolvedArguments().entrySet()) {
                Object value = argument.getValue();
                String literal;
                try {
                    literal = value == null || value instanceof Boolean || value instanceof Integer ? String.valueOf(value)
                            : value instanceof String text ? INTROSPECTION_JSON.writeValueAsString(text) : null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (literal == null) {
                    throw new NotCompilable("introspection argument " + argument.getKey());
                }
                arguments.add(argument.getKey() + ": " + literal);
            }
            out.append('(').append(String.join(", ", arguments)).append(')');
        }
        if (!field.getChildren().isEmpty()) {
            out.append(" {");
            for (ExecutableNormalizedField child : field.getChildren()) {
                out.append(' ');
                introspectionSelection(out, child);
            }
            out.append(" }");
        }
    }

    private static String subgraphSdl(GraphQLSchema schema) {
        GraphQLObjectType service = schema.getObjectType("_Service");
        GraphQLFieldDefinition sdl = service == null ? null : service.getFieldDefinition("sdl");
        if (sdl == null) {
            throw new NotCompilable("_Service.sdl");
        }
        try {
            Object printed = schema.getCodeRegistry().getDataFetcher(FieldCoordinates.coordinates(service, sdl), sdl)
                    .get(DataFetchingEnvironmentImpl.newDataFetchingEnvironment().graphQLSchema(schema).build());
            if (printed instanceof String text) {
                return text;
            }
        } catch (Exception unexpected) {
            throw new NotCompilable("_Service.sdl: " + unexpected.getMessage());
        }
        throw new NotCompilable("_Service.sdl");
    }

    /**
     * Query._entities(representations) of Apollo Federation: the objects a gateway refers to, in
     * the order of their keys, null where there is none or the viewer may not see it, as each
     * feature's resolver answers (Entities): an article only while it is published, for readers
     * (PublicArticles.PUBLIC); statements and speakers as node(id) reads them; countries by code as
     * country(code) does; each type's keys one array, as nodes(ids) reads them. Representations
     * their resolvers refuse are refused before this reads them (see {@link #refusal}).
     */
    private void entities(ExecutableNormalizedField field) {
        if (!(field.getResolvedArguments().get("representations") instanceof List<?> representations)) {
            throw new NotCompilable("representations");
        }
        String variable = boundVariable(field, "representations");
        Map<String, Integer> types = new LinkedHashMap<>();
        for (Object representation : representations) {
            if (!(representation instanceof Map<?, ?> fields) || fields.size() != 2
                    || !(fields.get("__typename") instanceof String type)) {
                throw new NotCompilable("representation"); // refused before: see refusal(field)
            }
            String keyField = type.equals("Country") ? "code" : "id";
            if (!(fields.get(keyField) instanceof String key)) {
                throw new NotCompilable("representation of " + type);
            }
            if (!type.equals("Country") && (!typeOfId(key).equals(type)
                    || !List.of("Article", "Statement", "Speaker").contains(type))) {
                throw new NotCompilable("representation of " + type + " by the ID of another type");
            }
            if (types.merge(type, 1, Integer::sum) > Entities.MAX_BATCH) {
                throw new NotCompilable("representations"); // refused before: see refusal(field)
            }
        }
        if (types.isEmpty()) {
            sql.text("json_build_array()");
            return;
        }
        listByKeys(types.keySet(), type -> values -> KeysOfType.ofRepresentations(
                variable == null ? representations : (List<?>) values.get(variable), type), variable,
                (type, key) -> {
                    if (type.equals("Country")) {
                        countryByCode(inCollectionOrder(field, type), key);
                    } else {
                        objectByKey(type, field, key, true);
                    }
                });
    }

    // ---------------------------------------------------------------------------------------------
    // Objects, lists and connections (called by ReadModel)

    void scalar(ExecutableNormalizedField field, Sql expression) {
        if (!field.getResolvedArguments().isEmpty() || field.hasChildren()) {
            throw new NotCompilable(field.getName() + " with arguments");
        }
        sql.append(expression);
    }

    /** The copyright holder of articles that name none (RightsConfig). */
    String defaultCopyrightHolder() {
        return request.defaultCopyrightHolder();
    }

    /**
     * A field computed in Java: its key marked with its step, its value the step's inputs from this
     * row, {@code json_build_array(...)}; the step replaces both once the statement has answered.
     */
    void computed(ReadModel.Computed computed, ExecutableNormalizedField field, String row) {
        ReadModel.Step step = computed.step().apply(field);
        steps.add(step);
        List<Sql> inputs = new ArrayList<>(computed.inputs().size());
        for (ReadModel.OfRow input : computed.inputs()) {
            inputs.add(input.of(row));
        }
        sql.append(markedName(steps.size() - 1, field.getResultKey())).text(", json_build_array(")
                .append(Sql.join(inputs, ", ")).text(")");
    }

    /**
     * One object: {@code (select json_build_object(...) from <from> where <condition>)}, null when no
     * row matches. From and condition are written for the object's row alias.
     */
    void object(ReadModel.ObjectType type, ExecutableNormalizedField field, ReadModel.OfRow from,
            ReadModel.OfRow condition) {
        object(type, field.getChildren(), from, condition);
    }

    private void object(ReadModel.ObjectType type, List<ExecutableNormalizedField> fields, ReadModel.OfRow from,
            ReadModel.OfRow condition) {
        String it = alias();
        sql.text("(select ");
        objectFields(type, fields, it);
        sql.text(" from ").append(from.of(it)).text(" where ").append(condition.of(it)).text(" limit 1)");
    }

    /**
     * Writes an object that the rows of a listing's page joined already (a listed statement's
     * article) as a column the page's subquery carries, built there from the joined row, instead
     * of a lookup per row: true when written, false when {@code row} is not such a page or the
     * selection reads more than the object's own columns (then the caller looks it up).
     */
    boolean fromListedRow(ReadModel.ObjectType type, ExecutableNormalizedField field, String row) {
        Carrying carrying = carryingPages.get(row);
        if (carrying == null || !ownColumnsOnly(type, field)) {
            return false;
        }
        Sql.Builder outer = sql;
        sql = Sql.builder();
        try {
            objectFields(type, field.getChildren(), carrying.alias());
            carrying.objects().add(sql.build());
        } finally {
            sql = outer;
        }
        sql.append(ReadModel.column(row, "carried_" + (carrying.objects().size() - 1)));
        return true;
    }

    /** Whether the object's selection reads only its row's own columns (scalars, {@code __typename}). */
    private boolean ownColumnsOnly(ReadModel.ObjectType type, ExecutableNormalizedField field) {
        for (ExecutableNormalizedField child : field.getChildren()) {
            if (!child.getObjectTypeNames().contains(type.name()) || child.getName().equals("__typename")) {
                continue;
            }
            ReadModel.FieldRead read = type.fields().get(child.getName());
            if (read instanceof ReadModel.ByViewer byViewer) {
                read = byViewer.of(request.viewer());
            }
            if (!(read instanceof ReadModel.RowScalar)) {
                return false;
            }
        }
        return true;
    }

    /** {@code <table> <alias>}. */
    private static Sql table(String table, String alias) {
        return Sql.identifier(table).then(" ").then(Sql.identifier(alias));
    }

    /** A list of objects, never null: {@code coalesce((select json_agg(... order by ...) ...), '[]')}. */
    void objects(ReadModel.ObjectType type, ExecutableNormalizedField field, ReadModel.OfRow from,
            ReadModel.OfRow condition, ReadModel.OfRow order) {
        if (!field.getResolvedArguments().isEmpty()) {
            throw new NotCompilable(field.getName() + " with arguments");
        }
        String it = alias();
        sql.text("coalesce((select json_agg(");
        objectFields(type, field.getChildren(), it);
        sql.text(" order by ").append(order.of(it)).text(") from ").append(from.of(it)).text(" where ")
                .append(condition.of(it)).text("), '[]'::json)");
    }

    /**
     * A connection's page: the rows in a subquery ordered and limited like KeysetQuery's, the
     * connection object built from them. Forward ({@code first}, {@code after}) and backward
     * ({@code last}, {@code before}) paging, each bound applied when given, as PageArgs and
     * KeysetQuery read them.
     */
    void connection(ReadModel.Listing listing, ExecutableNormalizedField field, String parent) {
        Paging paging = paging(listing, field);
        int size = paging.size();
        boolean pageInfo = field.getChildren().stream().anyMatch(child -> child.getName().equals("pageInfo"));
        String page = alias();
        Sql conditions = listing.condition(parent);
        Carrying carrying = listing.joinedArticle() == null ? null
                : new Carrying(listing.joinedArticle(), new ArrayList<>());
        if (carrying != null) {
            carryingPages.put(page, carrying);
        }
        ReadModel.ObjectType nodeType = ReadModel.type(listing.nodeType());
        String connectionType = listing.connectionType();

        sql.text("(select ");
        JsonObject object = new JsonObject(keysOf(connectionType, field.getChildren()));
        for (ExecutableNormalizedField child : field.getChildren()) {
            if (!child.getObjectTypeNames().contains(connectionType)) {
                continue;
            }
            object.pair();
            sql.append(name(child.getResultKey())).text(", ");
            switch (child.getName()) {
                case "__typename" -> sql.text("'").text(connectionType).text("'::text");
                case "nodes" -> {
                    sql.text("coalesce(json_agg(");
                    objectFields(nodeType, child.getChildren(), page);
                    sql.text(" order by ").text(order(listing, page, false)).text(")");
                    visibleOnly(pageInfo, page, size);
                    sql.text(", '[]'::json)");
                }
                case "edges" -> {
                    sql.text("coalesce(json_agg(");
                    edge(listing, nodeType, child, page);
                    sql.text(" order by ").text(order(listing, page, false)).text(")");
                    visibleOnly(pageInfo, page, size);
                    sql.text(", '[]'::json)");
                }
                case "totalCount" -> {
                    sql.text("(select count(*)::int from ");
                    sql.append(listing.from()).text(" where ").append(conditions).text(")");
                }
                case "pageInfo" -> pageInfo(listing, child, page, paging, conditions);
                default -> throw new NotCompilable(connectionType + "." + child.getName());
            }
        }
        object.end();
        // a backward page is read from its end (KeysetQuery's reversed order); the aggregates put it back in order
        String readOrder = order(listing, null, paging.backward());
        sql.text(" from (select ").append(listing.columns());
        List<SortKey> sortKeys = listing.keys();
        for (int i = 0; i < sortKeys.size(); i++) {
            sql.text(", ").text(sortKeys.get(i).expression()).text(" as sort_key_").text(Integer.toString(i));
        }
        if (carrying != null) {
            carryingPages.remove(page);
            for (int i = 0; i < carrying.objects().size(); i++) {
                sql.text(", ").append(carrying.objects().get(i)).text(" as carried_").text(Integer.toString(i));
            }
        }
        if (pageInfo) {
            sql.text(", row_number() over (order by ").text(readOrder).text(") as sort_position");
        }
        sql.text(" from ");
        sql.append(listing.from()).text(" where ").append(conditions);
        if (paging.after() != null) {
            sql.text(" and ");
            keysetBound(listing, listing.descending() ? "<" : ">", paging.after());
        }
        if (paging.before() != null) {
            sql.text(" and ");
            keysetBound(listing, listing.descending() ? ">" : "<", paging.before());
        }
        sql.text(" order by ").text(readOrder).text(" limit ").integer(pageInfo ? size + 1 : size)
                .text(") ").text(page)
                // an aggregate even when only totalCount is selected: one row for an empty page too
                .text(" group by ())");
    }

    /**
     * The paging arguments as PageArgs reads them: {@code first} or {@code last} (not both), each
     * between 0 and the maximum; backward with {@code last}, or with {@code before} alone. What it
     * refuses, and a cursor Cursor refuses, are refused before (the planned refusals).
     */
    private record Paging(int size, boolean backward, List<Object> after, List<Object> before) {
    }

    private Paging paging(ReadModel.Listing listing, ExecutableNormalizedField field) {
        Map<String, Object> arguments = field.getResolvedArguments();
        Integer first = pageSize(arguments.get("first"), "first");
        Integer last = pageSize(arguments.get("last"), "last");
        if (first != null && last != null) {
            throw new NotCompilable("first and last");
        }
        List<Object> after = cursor(listing, field, "after");
        List<Object> before = cursor(listing, field, "before");
        refusedOnRequest(listing, field);
        boolean backward = last != null || (first == null && before != null);
        int size = first != null ? first : last != null ? last : PageArgs.DEFAULT_PAGE_SIZE;
        return new Paging(size, backward, after, before);
    }

    private static Integer pageSize(Object size, String argument) {
        if (size == null || size instanceof Integer value && value >= 0 && value <= PageArgs.MAX_PAGE_SIZE) {
            return (Integer) size;
        }
        throw new NotCompilable(argument + " " + size); // refused before: the planned refusals
    }

    /**
     * The sort key values of a cursor, decoded by the interpreter's own KeysetQuery (from a bound
     * variable, one placeholder each); null without one.
     */
    private List<Object> cursor(ReadModel.Listing listing, ExecutableNormalizedField field, String argument) {
        Object value = field.getResolvedArguments().get(argument);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            throw new NotCompilable(argument);
        }
        String variable = boundVariable(field, argument);
        if (variable == null) {
            if (refusedOnRequest(listing, field)) {
                try {
                    return decode(listing, argument, value);
                } catch (RuntimeException refused) {
                    // every request is refused (refusedOnRequest): the statement never runs
                    return Collections.nCopies(listing.keys().size(), null);
                }
            }
            return cursorValues(listing, argument, value);
        }
        List<Object> keys = new ArrayList<>(listing.keys().size());
        for (int i = 0; i < listing.keys().size(); i++) {
            int key = i;
            keys.add(placeholder(variable, cursor -> cursorValues(listing, argument, cursor).get(key)));
        }
        return keys;
    }

    /**
     * Refuses a cursor as KeysetQuery would: one written into the document, or given by a variable
     * (its list's refusal is part of the shape the plan is kept under: BoundVariables.CursorAt).
     */
    private static void refusedCursor(ReadModel.Listing listing, ExecutableNormalizedField field, String argument) {
        if (field.getResolvedArguments().get(argument) instanceof String cursor) {
            decode(listing, argument, cursor);
        }
    }

    private static List<Object> cursorValues(ReadModel.Listing listing, String argument, Object cursor) {
        try {
            return decode(listing, argument, cursor);
        } catch (RuntimeException refused) {
            throw new NotCompilable("cursor");
        }
    }

    private static List<Object> decode(ReadModel.Listing listing, String argument, Object cursor) {
        return listing.cursorValues(argument, (String) cursor);
    }

    /**
     * What a root list's resolver checks of each request's own values, after what the plan checked
     * already, in its order: a name prefix given by a bound variable (TextPatterns, as CountryQueries
     * and SpeakerQueries check it: a search box cleared to blanks), then the cursors, written into
     * the document or given by bound variables (KeysetQuery refuses one that is malformed or of
     * another list, after then before, as it decodes them; the feed's FeedQueries, before it looks
     * for their expiry). A refused value's error replaces all of the data (a root list is
     * non-null), for that request only.
     *
     * @return whether the field's values are checked so (once registered, for every request)
     */
    private boolean refusedOnRequest(ReadModel.Listing listing, ExecutableNormalizedField field) {
        Map<String, Object> arguments = field.getResolvedArguments();
        String prefixVariable = boundVariable(field, "filter", "namePrefix");
        boolean prefixGiven = prefixVariable != null && request.variables().get(prefixVariable) != null;
        if (field.getParent() != null || !nonNull(field)
                || arguments.get("after") == null && arguments.get("before") == null && !prefixGiven
                || boundBesidesPrefixAndCursors(field.getAstArguments())) {
            return false;
        }
        if (!cursorsChecked.add(field)) {
            return true;
        }
        Function<Map<String, Object>, Object> after = argument(field, "after");
        Function<Map<String, Object>, Object> before = argument(field, "before");
        refusedPerRequest(field, variables -> {
            if (prefixGiven) {
                TextPatterns.escapedPrefix("namePrefix", (String) variables.get(prefixVariable));
            }
            for (Object[] cursor : new Object[][] { { "after", after.apply(variables) },
                    { "before", before.apply(variables) } }) {
                if (cursor[1] instanceof String) {
                    decode(listing, (String) cursor[0], cursor[1]);
                }
            }
            return null;
        });
        return true;
    }

    /** Whether a bound variable gives a value of these arguments other than their cursors and a filter's name prefix. */
    private boolean boundBesidesPrefixAndCursors(List<Argument> arguments) {
        for (Argument argument : arguments) {
            if (argument.getName().equals("after") || argument.getName().equals("before")) {
                continue;
            }
            if (argument.getName().equals("filter") && argument.getValue() instanceof ObjectValue filter) {
                if (filter.getObjectFields().stream().anyMatch(input -> !input.getName().equals("namePrefix")
                        && boundWithin(input.getValue()))) {
                    return true;
                }
            } else if (boundWithin(argument.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a bound variable gives a value within this one (its shape tells a given one from null). */
    private boolean boundWithin(Value<?> value) {
        String variable = bound(value);
        if (variable != null) {
            return request.variables().get(variable) != null;
        }
        return value instanceof ObjectValue object
                && object.getObjectFields().stream().anyMatch(field -> boundWithin(field.getValue()));
    }

    /**
     * An argument's value as the statement takes it, {@code asParameter} applied to it: a placeholder
     * when a bound variable gives it, the parameter itself otherwise.
     */
    private Sql parameter(ExecutableNormalizedField field, String argument, Function<Object, Object> asParameter) {
        String variable = boundVariable(field, argument);
        if (variable == null) {
            return Sql.value(asParameter.apply(field.getResolvedArguments().get(argument)));
        }
        return Sql.value(placeholder(variable, asParameter));
    }

    /** The fields of a listing's {@code filter} as parameters: placeholders where a bound variable gives them. */
    private QueryLists.FilterValues filterValues(ExecutableNormalizedField field) {
        return (inputField, value, asParameter) -> {
            String variable = boundVariable(field, "filter", inputField);
            return variable == null ? asParameter.apply(value) : placeholder(variable, asParameter);
        };
    }

    private Sql.Placeholder placeholder(String variable, Function<Object, Object> asParameter) {
        return placeholderOfVariables("$" + variable, values -> asParameter.apply(values.get(variable)));
    }

    /**
     * A value each request computes from its variables' values (coerced): a statement's parameter,
     * or what a step over its rows needs (a search's query and cursor, SearchPage).
     */
    Sql.Placeholder placeholderOfVariables(String description, Function<Map<String, Object>, Object> fromVariables) {
        Sql.Placeholder placeholder = new Sql.Placeholder(description);
        bindings.put(placeholder, new Binding(description, fromVariables, readingRoot));
        return placeholder;
    }

    /** The bound variable that gives a field's argument, null when none does. */
    String boundVariable(ExecutableNormalizedField field, String argument) {
        for (Argument given : field.getAstArguments()) {
            if (given.getName().equals(argument)) {
                return bound(given.getValue());
            }
        }
        return null;
    }

    /** The bound variable that gives a field of an argument's input object, null when none does. */
    private String boundVariable(ExecutableNormalizedField field, String argument, String inputField) {
        for (Argument given : field.getAstArguments()) {
            if (given.getName().equals(argument) && given.getValue() instanceof ObjectValue input) {
                for (ObjectField each : input.getObjectFields()) {
                    if (each.getName().equals(inputField)) {
                        return bound(each.getValue());
                    }
                }
            }
        }
        return null;
    }

    private String bound(Value<?> value) {
        return value instanceof VariableReference reference && request.boundVariables().contains(reference.getName())
                ? reference.getName()
                : null;
    }

    /** With pageInfo the page holds one row more than asked for, to tell whether there is another page. */
    private void visibleOnly(boolean pageInfo, String page, int size) {
        if (pageInfo) {
            sql.text(" filter (where ").text(position(page)).text(" <= ").integer(size).text(")");
        }
    }

    private void edge(ReadModel.Listing listing, ReadModel.ObjectType nodeType, ExecutableNormalizedField edges,
            String page) {
        String edgeType = listing.edgeType();
        JsonObject object = new JsonObject(keysOf(edgeType, edges.getChildren()));
        for (ExecutableNormalizedField child : edges.getChildren()) {
            if (!child.getObjectTypeNames().contains(edgeType)) {
                continue;
            }
            object.pair();
            if (child.getName().equals("cursor") && cursorInJava(listing)) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < listing.keys().size(); i++) {
                    keys.add(sortKeyInput(listing, i, page + ".sort_key_" + i));
                }
                cursorStep(listing, child.getResultKey(), keys);
                continue;
            }
            sql.append(name(child.getResultKey())).text(", ");
            switch (child.getName()) {
                case "__typename" -> sql.text("'").text(edgeType).text("'::text");
                case "cursor" -> sql.append(cursor(listing, page));
                case "node" -> objectFields(nodeType, child.getChildren(), page);
                default -> throw new NotCompilable(edgeType + "." + child.getName());
            }
        }
        object.end();
    }

    /** {@code (key, ...) <operator> (value, ...)}, the values as parameters (KeysetQuery's comparison). */
    private void keysetBound(ReadModel.Listing listing, String operator, List<Object> values) {
        sql.text("(");
        for (int i = 0; i < listing.keys().size(); i++) {
            sql.text(i == 0 ? "" : ", ").text(listing.keys().get(i).expression());
        }
        sql.text(") ").text(operator).text(" (");
        for (int i = 0; i < values.size(); i++) {
            sql.text(i == 0 ? "" : ", ").value(values.get(i));
        }
        sql.text(")");
    }

    /**
     * PageInfo as KeysetQuery reports it: in the direction read, another page when the extra row
     * came back; the other way, another page when a row lies at or beyond the cursor the page starts
     * from ({@code after} forward, {@code before} backward), none without one.
     */
    private void pageInfo(ReadModel.Listing listing, ExecutableNormalizedField field, String page, Paging paging,
            Sql conditions) {
        JsonObject object = new JsonObject(keysOf("PageInfo", field.getChildren()));
        for (ExecutableNormalizedField child : field.getChildren()) {
            if (!child.getObjectTypeNames().contains("PageInfo")) {
                continue;
            }
            object.pair();
            if (child.getName().endsWith("Cursor") && cursorInJava(listing)) {
                boolean last = child.getName().equals("endCursor");
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < listing.keys().size(); i++) {
                    keys.add(sortKeyInput(listing, i, "(array_agg(" + page + ".sort_key_" + i + " order by "
                            + order(listing, page, last) + ") filter (where " + position(page) + " <= " + paging.size()
                            + "))[1]"));
                }
                cursorStep(listing, child.getResultKey(), keys);
                continue;
            }
            sql.append(name(child.getResultKey())).text(", ");
            switch (child.getName()) {
                case "__typename" -> sql.text("'PageInfo'::text");
                case "hasPreviousPage" -> {
                    if (paging.backward()) {
                        sql.text("count(*) > ").integer(paging.size());
                    } else {
                        beyondCursor(listing, conditions, paging.after(), false);
                    }
                }
                case "hasNextPage" -> {
                    if (paging.backward()) {
                        beyondCursor(listing, conditions, paging.before(), true);
                    } else {
                        sql.text("count(*) > ").integer(paging.size());
                    }
                }
                case "startCursor" -> visibleCursor(listing, page, paging.size(), false);
                case "endCursor" -> visibleCursor(listing, page, paging.size(), true);
                default -> throw new NotCompilable("PageInfo." + child.getName());
            }
        }
        object.end();
    }

    /** Whether a row lies at or beyond a cursor, towards the list's end or its start; false without a cursor. */
    private void beyondCursor(ReadModel.Listing listing, Sql conditions, List<Object> cursor, boolean towardsEnd) {
        if (cursor == null) {
            sql.text("false");
            return;
        }
        sql.text("exists (select 1 from ");
        sql.append(listing.from()).text(" where ").append(conditions).text(" and ");
        keysetBound(listing, towardsEnd == listing.descending() ? "<=" : ">=", cursor);
        sql.text(")");
    }

    /** The cursor of the first (or last) row of the page, null when it is empty. */
    private void visibleCursor(ReadModel.Listing listing, String page, int size, boolean last) {
        sql.text("(array_agg(").append(cursor(listing, page)).text(" order by ").text(order(listing, page, last))
                .text(") filter (where ").text(position(page)).text(" <= ").integer(size).text("))[1]");
    }

    /**
     * The key/value pairs of an object of {@code type} whose row is {@code row}: the selected fields
     * that apply to that type, in selection order, as json_build_object(...).
     */
    void objectFields(ReadModel.ObjectType type, List<ExecutableNormalizedField> selected, String row) {
        JsonObject object = new JsonObject(keysOf(type.name(), selected));
        for (ExecutableNormalizedField field : selected) {
            if (!field.getObjectTypeNames().contains(type.name())) {
                continue;
            }
            object.pair();
            if (field.getName().equals("__typename")) {
                sql.append(name(field.getResultKey())).text(", '").text(type.name()).text("'::text");
                continue;
            }
            ReadModel.FieldRead read = type.fields().get(field.getName());
            if (read instanceof ReadModel.ByViewer byViewer) {
                read = byViewer.of(request.viewer());
            }
            if (read == null) {
                throw new NotCompilable(type.name() + "." + field.getName());
            }
            RefusedBelowRoot.Field refused = refusedBelowRoot(field, read);
            if (refused != null) {
                sql.append(Sql.wordLiteral(refused.markedKey())).text(", null");
                continue;
            }
            if (!(read instanceof ReadModel.ComputedRead)) {
                sql.append(name(field.getResultKey())).text(", ");
            }
            read.write(this, field, row);
        }
        object.end();
    }

    /** How many of the selected fields apply to objects of {@code typeName}: the keys of such an object. */
    private static int keysOf(String typeName, List<ExecutableNormalizedField> selected) {
        int keys = 0;
        for (ExecutableNormalizedField field : selected) {
            if (field.getObjectTypeNames().contains(typeName)) {
                keys++;
            }
        }
        return keys;
    }

    /**
     * Writes one JSON object, its key/value pairs in order, with {@code json_build_object}. That
     * function takes at most 100 arguments, so an object of more than 50 keys is written in parts of
     * 50, their texts joined with the braces between them cut ({@code {"a" : 1} and {"b" : 2}} make
     * {@code {"a" : 1, "b" : 2}}) and read back as json, which keeps its text as written: the same
     * bytes one call would have given.
     */
    private final class JsonObject {

        private final int keys;
        private final int parts;
        private int written;

        /** Opens the object of {@code keys} pairs. */
        JsonObject(int keys) {
            this.keys = keys;
            this.parts = Math.max(1, (keys + MAX_KEYS - 1) / MAX_KEYS);
            sql.text(parts == 1 ? "json_build_object(" : "(left(json_build_object(");
        }

        /** Before each pair: its separator, or the end of one part and the start of the next. */
        void pair() {
            if (written == keys) {
                throw new IllegalStateException("more pairs than the " + keys + " announced");
            }
            if (written > 0 && written % MAX_KEYS == 0) {
                int part = written / MAX_KEYS;
                sql.text(part == 1 ? ")::text, -1)" : ")::text, -1), 2)").text(" || ', ' || ")
                        .text(part == parts - 1 ? "substr(json_build_object(" : "substr(left(json_build_object(");
            } else if (written > 0) {
                sql.text(", ");
            }
            written++;
        }

        void end() {
            if (written != keys) {
                throw new IllegalStateException(written + " pairs written of the " + keys + " announced");
            }
            sql.text(parts == 1 ? ")" : ")::text, 2))::json");
        }
    }

    /**
     * The refusal of a field below the root whose resolver refuses its arguments, null when it
     * takes them. A connection's: its page size (PageArgs), then a cursor that is malformed, of
     * another list or holds a value the order cannot take, after then before, as KeysetQuery decodes
     * them ({@link #refusedCursor}). A computed field's: what its step refuses (a localised name's
     * {@code lang} that is no known language). Then the field is null wherever its parent is, under
     * RefusedBelowRoot's mark, and that step writes its errors and the nulls they make, after those
     * of refused root fields. Below a list, and across several such fields, the errors come in the
     * order of the response (the interpreter's come in the order its DataLoaders complete them,
     * which their caching decides; GraphQL leaves the order of errors open).
     */
    private RefusedBelowRoot.Field refusedBelowRoot(ExecutableNormalizedField field, ReadModel.FieldRead read) {
        if (field.getParent() == null) {
            return null;
        }
        RefusedBelowRoot.Field known = refusedBelowRoot.get(field);
        if (known != null) {
            return known;
        }
        ApiException refused;
        if (read instanceof ReadModel.ConnectionRead connection) {
            refused = refusedBy(() -> {
                pageArgs(field.getResolvedArguments());
                refusedCursor(connection.listing(), field, "after");
                refusedCursor(connection.listing(), field, "before");
            });
        } else if (read instanceof ReadModel.Computed computed) {
            // a step made from the field's arguments refuses them as the field's resolver does (a name's lang)
            refused = refusedBy(() -> computed.step().apply(field));
        } else {
            return null;
        }
        if (refused == null) {
            return null;
        }
        List<GraphQLOutputType> types = new ArrayList<>();
        for (ExecutableNormalizedField each = field; each != null; each = each.getParent()) {
            types.add(0, each.getFieldDefinitions(request.schema()).get(0).getType());
        }
        RefusedBelowRoot.Field written = new RefusedBelowRoot.Field(refusedBelowRoot.size(), field.getResultKey(),
                refused, location(field), List.copyOf(types));
        refusedBelowRoot.put(field, written);
        return written;
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * The fields of an abstract field's object of one type in the order graphql-java collects them
     * for that type (document order with fragments expanded where they are spread): the normalized
     * operation orders them across all possible types instead.
     */
    private List<ExecutableNormalizedField> inCollectionOrder(ExecutableNormalizedField parent, String type) {
        List<String> keys = new ArrayList<>();
        for (Field field : operation.getMergedField(parent).getFields()) {
            collectKeys(field.getSelectionSet(), type, keys);
        }
        List<ExecutableNormalizedField> applicable = new ArrayList<>();
        for (ExecutableNormalizedField child : parent.getChildren()) {
            if (child.getObjectTypeNames().contains(type)) {
                if (!keys.contains(child.getResultKey())) {
                    throw new NotCompilable("field order under " + parent.getName());
                }
                applicable.add(child);
            }
        }
        applicable.sort(Comparator.comparingInt(child -> keys.indexOf(child.getResultKey())));
        return applicable;
    }

    private void collectKeys(SelectionSet selectionSet, String type, List<String> keys) {
        if (selectionSet == null) {
            return;
        }
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (selection instanceof DirectivesContainer<?> container && !CONDITIONS.shouldInclude(container,
                    request.variables(), request.schema(), GraphQLContext.getDefault())) {
                continue;
            }
            if (selection instanceof Field field) {
                String key = field.getResultKey();
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            } else if (selection instanceof InlineFragment inline) {
                if (inline.getTypeCondition() == null || applies(inline.getTypeCondition().getName(), type)) {
                    collectKeys(inline.getSelectionSet(), type, keys);
                }
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = request.fragments().get(spread.getName());
                if (fragment != null && applies(fragment.getTypeCondition().getName(), type)) {
                    collectKeys(fragment.getSelectionSet(), type, keys);
                }
            }
        }
    }

    private boolean applies(String condition, String type) {
        if (condition.equals(type)) {
            return true;
        }
        GraphQLType conditionType = request.schema().getType(condition);
        GraphQLObjectType objectType = request.schema().getObjectType(type);
        return conditionType instanceof GraphQLNamedType named && objectType != null
                && (named instanceof GraphQLInterfaceType || named instanceof GraphQLUnionType)
                && request.schema().isPossibleType(named, objectType);
    }

    /** Whether the listing's cursors are written in Java: a double's text is Java's (Double.toString). */
    private static boolean cursorInJava(ReadModel.Listing listing) {
        return listing.keys().stream().anyMatch(key -> key.type() == SortKey.Type.DOUBLE);
    }

    /** A sort key's value as a computed field's input: a double as its (shortest, exact) text. */
    private static String sortKeyInput(ReadModel.Listing listing, int key, String value) {
        return listing.keys().get(key).type() == SortKey.Type.DOUBLE ? value + "::text" : value;
    }

    /**
     * A cursor written by {@link Cursor} from the row's sort key values (a step over the
     * statement's answer); null for an empty page.
     */
    private void cursorStep(ReadModel.Listing listing, String responseKey, List<String> keys) {
        String ordering = listing.ordering();
        List<SortKey> types = listing.keys();
        steps.add((out, in, headerLanguage) -> {
            if (in.get(0) == null) {
                out.writeNull();
                return;
            }
            List<Object> values = new ArrayList<>(in.size());
            for (int i = 0; i < in.size(); i++) {
                values.add(types.get(i).type() == SortKey.Type.DOUBLE ? Double.valueOf((String) in.get(i)) : in.get(i));
            }
            out.writeString(Cursor.of(ordering, types, values));
        });
        sql.append(markedName(steps.size() - 1, responseKey)).text(", json_build_array(").text(String.join(", ", keys))
                .text(")");
    }

    /** The cursor of a row as org.newsroom.graphql.Cursor encodes it: the ordering, then each key value. */
    static Sql cursor(ReadModel.Listing listing, String page) {
        StringBuilder payload = new StringBuilder("graphql_base64url('").append(listing.ordering()).append("'");
        for (int i = 0; i < listing.keys().size(); i++) {
            String column = page + ".sort_key_" + i;
            String value = switch (listing.keys().get(i).type()) {
                case TIMESTAMP -> "graphql_date_time(" + column + ")";
                case TEXT -> column;
                case LONG, INT -> column + "::text";
                case DOUBLE -> throw new NotCompilable("cursor of a double");
            };
            payload.append(" || '~' || graphql_base64url(").append(value).append(")");
        }
        return Sql.text(payload.append(")").toString());
    }

    private static String order(ReadModel.Listing listing, String page, boolean reverse) {
        String direction = listing.descending() != reverse ? " desc" : " asc";
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < listing.keys().size(); i++) {
            order.append(i == 0 ? "" : ", ")
                    .append(page == null ? listing.keys().get(i).expression() : page + ".sort_key_" + i)
                    .append(direction);
        }
        return order.toString();
    }

    /** The row's place in the page, 1 for the first. */
    private String position(String page) {
        return page + ".sort_position";
    }

    private String alias() {
        return "t" + (++aliases);
    }

    private static final Pattern GRAPHQL_NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

    /** A response key (a GraphQL name or alias) as an SQL string literal. */
    private static Sql name(String name) {
        if (!GRAPHQL_NAME.matcher(name).matches()) {
            throw new NotCompilable("not a GraphQL name: " + name);
        }
        return Sql.wordLiteral(name);
    }

    /** The key under which a computed field's inputs wait for its step (ComputedFields). */
    private static Sql markedName(int step, String name) {
        if (!GRAPHQL_NAME.matcher(name).matches()) {
            throw new NotCompilable("not a GraphQL name: " + name);
        }
        return Sql.wordLiteral(ComputedFields.MARK + Integer.toString(step) + ComputedFields.MARK + name);
    }

    /** Whose view the statement reads. */
    Viewer viewer() {
        return request.viewer();
    }

    private boolean editor() {
        return request.viewer().editor();
    }

    /** What renders ninjs documents from the plan's rows. */
    NinjsRenderer ninjsRenderer() {
        return request.ninjs();
    }

    /** An alias no other row of the statement has. */
    String rowAlias() {
        return alias();
    }

    /**
     * The fields of an abstract field's object ({@code node} of a search result) for one of its
     * types, as JSON, from that type's row.
     */
    void nodeObject(ExecutableNormalizedField field, String typeName, String row) {
        objectFields(ReadModel.type(typeName), inCollectionOrder(field, typeName), row);
    }

    /**
     * The statement with JDBC's {@code ?} for its parameters, and with PostgreSQL's {@code $1, $2, ...};
     * its single value is the response's data, except for a search page, which answers its rows;
     * the steps of its computed fields, by the number their marked keys carry.
     */
    /**
     * {@code primaryOnly}: the statement reads the partners' change feed, whose never-miss,
     * never-repeat proof holds on the primary only (docs/decisions/read-replicas.md).
     */
    /**
     * @param withClock the same statement with ContentClock's two columns after the data (a GET's
     *        Last-Modified from the same snapshot); null for a search, whose rows are many
     */
    /**
     * @param readForErrors whether the data is null whatever the statement reads (a non-null root
     *        field refused for every request), the statement running for the errors only its rows
     *        tell
     */
    record CompiledStatement(Sql.Statement statement, Sql.Statement withClock, SearchPage searchPage,
            List<ReadModel.Step> steps, boolean primaryOnly, Map<Sql.Placeholder, Binding> bindings,
            List<RootError> errors, String constantData, boolean readForErrors, List<RootError> expiredFeedCursors,
            RefusedBelowRoot refusedBelowRoot, List<RootField> rootFields) {

        /** A statement of a route's own, which no request's arguments refuse. */
        CompiledStatement(Sql.Statement statement, Sql.Statement withClock, List<ReadModel.Step> steps,
                boolean primaryOnly) {
            this(statement, withClock, null, steps, primaryOnly, Map.of(), List.of(), null, false, List.of(), null, null);
        }

        /**
         * The answer of a read whose statement failed: every root field it reads is null with the
         * failure's error at its place, as each resolver of the interpreter reports it, beside the
         * request's own refusals, in the order of the fields; the whole data null when one of them
         * is non-null; {@code __typename} and {@code _service} keep their values.
         *
         * @param refusals the errors of the root fields refused for the request's values
         */
        FailedRead failedRead(ApiException failure, List<GraphQLError> refusals) {
            Map<Object, GraphQLError> refusedAt = new HashMap<>();
            for (GraphQLError refusal : refusals) {
                refusedAt.put(refusal.getPath().get(0), refusal);
            }
            List<GraphQLError> errors = new ArrayList<>(rootFields.size());
            StringBuilder data = new StringBuilder("{");
            boolean dataIsNull = false;
            for (RootField field : rootFields) {
                // a result key is a GraphQL name: nothing in it to escape
                data.append(data.length() == 1 ? "\"" : ",\"").append(field.resultKey()).append("\":");
                if (field.constant() != null) {
                    data.append(field.constant());
                    continue;
                }
                data.append("null");
                GraphQLError refused = refusedAt.get(field.resultKey());
                errors.add(refused != null ? refused
                        : ErrorShapingInstrumentation.refusal(failure, field.location(), List.of(field.resultKey())));
                dataIsNull |= field.nonNull();
            }
            return new FailedRead(List.copyOf(errors), dataIsNull ? "null" : data.append('}').toString());
        }

        /**
         * The errors when the statement found feeds read after cursors that expired: each such
         * feed's (FeedQueries), as the interpreter reports it, among the request's refusals of the
         * root fields in the order of the fields. The data is null (a feed is non-null), so fields
         * refused below the other root fields, which the interpreter also reports, are not: the
         * errors say why there is no data.
         *
         * @param refusals the errors of the root fields refused for the request
         * @throws IllegalStateException when the statement did not say of each feed whether it expired
         */
        List<GraphQLError> nothingRead(ExpiredFeeds expired, List<GraphQLError> refusals) {
            if (expired.count() != expiredFeedCursors.size()) {
                throw new IllegalStateException("The statement told of " + expired.count() + " feeds' cursors, not "
                        + expiredFeedCursors.size());
            }
            List<GraphQLError> errors = new ArrayList<>(refusals);
            for (int i = 0; i < expiredFeedCursors.size(); i++) {
                if (expired.expired(i)) {
                    RootError feed = expiredFeedCursors.get(i);
                    errors.add(ErrorShapingInstrumentation.refusal(feed.refusal().apply(null), feed.location(),
                            List.of(feed.resultKey())));
                }
            }
            if (errors.size() > 1) {
                List<Object> keys = rootFields.stream().map(field -> (Object) field.resultKey()).toList();
                errors.sort(Comparator.comparingInt(error -> keys.indexOf(error.getPath().get(0))));
            }
            return errors;
        }

        /**
         * The errors of the root fields refused for a request's variables, as the interpreter's
         * response has them, and whether they leave it no data; null when none is refused.
         *
         * @throws NotCompilable when a refusal the plan holds does not refuse these values (a shape of
         *         values the resolver takes in part): a defect
         */
        Refusals refusals(Asked asked) {
            if (errors.isEmpty()) {
                return null;
            }
            List<GraphQLError> refused = new ArrayList<>(errors.size());
            boolean noData = false;
            Set<String> refusedRoots = new HashSet<>();
            for (RootError error : errors) {
                ApiException refusal = error.refusal().apply(asked);
                if (refusal == null) {
                    if (error.perRequest()) {
                        continue;
                    }
                    throw new NotCompilable("a refusal of another value of " + error.resultKey());
                }
                noData |= error.perRequest();
                refusedRoots.add(error.resultKey());
                refused.add(ErrorShapingInstrumentation.refusal(refusal, error.location(), List.of(error.resultKey())));
            }
            if (noData) {
                // the other root fields still run in the interpreter: a value of theirs it refuses is its error too
                bindings.forEach((placeholder, binding) -> {
                    if (!refusedRoots.contains(binding.rootField())) {
                        binding.bind(asked.variables());
                    }
                });
            }
            // the interpreter still reads the other root fields and reports the refusals below them
            // wherever their objects are, and a feed's expired cursor: the statement runs for those
            // (the refused fields' values null)
            boolean readForErrors = noData && (refusedBelowRoot != null
                    || expiredFeedCursors.stream().anyMatch(feed -> !refusedRoots.contains(feed.resultKey())));
            return refused.isEmpty() ? null
                    : new Refusals(refused, noData, readForErrors ? Set.copyOf(refusedRoots) : null);
        }

        /** With JDBC's marks. */
        String sql() {
            return statement.jdbcText();
        }

        /** With PostgreSQL's numbered marks. */
        String numberedSql() {
            return statement.text();
        }

        /**
         * The placeholders' parameters for a request's variables (coerced).
         *
         * @throws NotCompilable when a value is not for this statement (refused before, else a defect)
         */
        Map<Sql.Placeholder, Object> bind(Map<String, Object> variables) {
            return bind(variables, Set.of());
        }

        /** As {@link #bind(Map)}, the placeholders of these root fields (refused for the request) SQL's null. */
        Map<Sql.Placeholder, Object> bind(Map<String, Object> variables, Set<String> refusedRoots) {
            if (bindings.isEmpty()) {
                return Map.of();
            }
            Map<Sql.Placeholder, Object> bound = new HashMap<>(bindings.size() * 2);
            bindings.forEach((placeholder, binding) -> bound.put(placeholder,
                    refusedRoots.contains(binding.rootField()) ? Sql.Statement.NULL : binding.bind(variables)));
            return bound;
        }

        /**
         * The parameters for a request: its variables' (from {@link #bind}) and the calling partner's id
         * (null for anyone else) where the plan asks for them.
         */
        List<Object> parameters(Map<Sql.Placeholder, Object> arguments, Long partnerId) {
            return statement.parameters(placeholder -> placeholder == Viewer.CALLING_PARTNER ? partnerId
                    : arguments.get(placeholder));
        }

        /** The data with the computed fields filled in, for a request with this Accept-Language header (or null). */
        byte[] finish(byte[] data, String acceptLanguage) {
            return steps.isEmpty() || ExpiredFeeds.in(data) ? data : ComputedFields.apply(data, steps, acceptLanguage);
        }
    }

    /**
     * A root field its resolver refuses for its arguments: where it is in the document, and the
     * refusal for a request's variables (null: none).
     *
     * @param perRequest whether the plan reads the field, unless a request's own values are refused
     *        (then no data is left); otherwise the plan holds the refusal, for every request it serves
     */
    record RootError(String resultKey, SourceLocation location, Function<Asked, ApiException> refusal,
            boolean perRequest) {
    }

    /**
     * A root field as a failed statement leaves it: null with the failure's error at its location,
     * or its constant value ({@code __typename}, JSON).
     */
    record RootField(String resultKey, SourceLocation location, boolean nonNull, String constant) {
    }

    /** What a failed statement answers: its errors and its data (JSON). */
    record FailedRead(List<GraphQLError> errors, String data) {
    }

    /**
     * What a request gives its refusals to decide on: its variables (coerced), and who calls: the
     * caller's name (null when anonymous) and the partner's id (null for anyone else).
     */
    record Asked(Map<String, Object> variables, String caller, Long partnerId) {
    }

    /**
     * A request's refused root fields: their errors, and whether no data is left (a refusal per
     * request).
     *
     * @param readForErrors the root fields refused for the request's own values when the statement
     *        still runs for the errors only its rows tell (fields refused below the other root
     *        fields), the data staying null; else null
     */
    record Refusals(List<GraphQLError> errors, boolean noData, Set<String> readForErrors) {
    }
}
