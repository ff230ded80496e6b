package org.newsroom.compiled;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.newsroom.db.Sql;
import org.newsroom.graphql.ApiException;
import org.newsroom.search.Highlight;
import org.newsroom.search.SearchFilter;
import org.newsroom.search.SearchHighlights;
import org.newsroom.search.SearchQueries;
import org.newsroom.search.SearchResultType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import graphql.normalized.ExecutableNormalizedField;
import io.vertx.core.buffer.Buffer;

/**
 * Query.search on the compiled path. The highlights are Java's (the Highlighter marks words in the
 * original text, in UTF-16 offsets), so this is not one JSON value like the other compiled reads:
 * one SQL statement returns the page's rows (kind, id, score; the total when asked; the texts to
 * highlight when asked; each selected node as JSON, written by {@link OperationCompiler}), and
 * {@link #answer} writes the response around them, field by field in selection order, as the
 * interpreter does (SearchApi, SearchQueries: the same plan, cursors and highlights). One statement
 * where the interpreter runs two to four, and no per-field work in graphql-java.
 */
final class SearchPage {

    private static final JsonFactory JSON = new JsonFactory();

    private static final Set<String> CONNECTION_FIELDS = Set.of("__typename", "edges", "nodes", "pageInfo",
            "totalCount");
    private static final Set<String> EDGE_FIELDS = Set.of("__typename", "cursor", "node", "type", "score",
            "highlights");
    private static final Set<String> HIGHLIGHT_FIELDS = Set.of("__typename", "field", "snippet", "snippetStart",
            "matches");
    private static final Set<String> RANGE_FIELDS = Set.of("__typename", "start", "end");
    private static final Set<String> PAGE_INFO_FIELDS = Set.of("__typename", "hasPreviousPage", "hasNextPage",
            "startCursor", "endCursor");

    /** Columns of every row: kind, id, score; then, when asked, the total; the texts; the nodes. */
    private static final int KIND = 0;
    private static final int ID = 1;
    private static final int SCORE = 2;

    /** A search another request asks that any query will do for, to plan a statement whose query is bound. */
    private static final String STAND_IN_QUERY = "news";

    private final ExecutableNormalizedField search;
    private final SearchQueries.Plan plan;
    private int totalColumn = -1;
    /** Where variables give the query or cursor: the placeholder whose value is each request's plan. */
    private Sql.Placeholder requestPlan;
    private int textColumns = -1;
    /** The operation's root fields, in order: the search and those beside it. */
    private List<ExecutableNormalizedField> rootFields = List.of();
    /** Each root field beside the search and the column of its JSON. */
    private final Map<ExecutableNormalizedField, Integer> rootColumns = new IdentityHashMap<>();
    /** Each node selection (edges.node, nodes) and the column of its JSON. */
    private final Map<ExecutableNormalizedField, Integer> nodeColumns = new IdentityHashMap<>();

    private SearchPage(ExecutableNormalizedField search, SearchQueries.Plan plan) {
        this.search = search;
        this.plan = plan;
    }

    /** Writes the statement of {@code search} with the compiler's writer; what answers its rows. */
    static SearchPage compile(OperationCompiler compiler, Sql.Builder sql, SearchQueries searches,
            ExecutableNormalizedField search, List<ExecutableNormalizedField> rootFields) {
        Map<String, Object> arguments = search.getResolvedArguments();
        String query = text(arguments.get("query"));
        String after = text(arguments.get("after"));
        String queryVariable = query == null ? null : compiler.boundVariable(search, "query");
        String afterVariable = after == null ? null : compiler.boundVariable(search, "after");
        boolean bound = queryVariable != null || afterVariable != null;
        SearchQueries.Plan plan;
        try {
            SearchFilter filter = filter(arguments.get("filter"), searches);
            Integer first = integer(arguments.get("first"));
            if (bound) {
                plan = plannedOnStandIns(searches, queryVariable != null ? null : query, filter, first, after != null);
            } else {
                plan = searches.plan(query, filter, first, after);
            }
        } catch (ApiException refused) {
            throw new NotCompilable("search arguments: " + refused.getMessage()); // the interpreter reports it
        }
        check(search);
        SearchPage page = new SearchPage(search, plan);
        Map<String, Object> hitsParameters = plan.hitsParameters();
        Map<String, Object> afterParameters = plan.afterParameters();
        if (bound) {
            SearchQueries.Plan planned = plan;
            Function<Map<String, Object>, SearchQueries.Plan> ofRequest = new RequestPlans(values -> planned.with(
                    queryVariable != null ? text(values.get(queryVariable)) : query,
                    afterVariable != null ? text(values.get(afterVariable)) : after))::of;
            page.requestPlan = compiler.placeholderOfVariables("the search", ofRequest::apply);
            // the query and the cursor as the plan checks them for each request (the rest it checked here)
            compiler.refusedPerRequest(search, values -> {
                ofRequest.apply(values);
                return null;
            });
            hitsParameters = new LinkedHashMap<>(hitsParameters);
            hitsParameters.put("query", compiler.placeholderOfVariables("the search's query",
                    values -> ofRequest.apply(values).query()));
            Map<String, Object> afterPlaceholders = new LinkedHashMap<>();
            for (String name : afterParameters.keySet()) {
                afterPlaceholders.put(name, compiler.placeholderOfVariables("the search's " + name,
                        values -> ofRequest.apply(values).afterParameters().get(name)));
            }
            afterParameters = afterPlaceholders;
        }

        int column = SCORE + 1;
        boolean total = false;
        boolean texts = false;
        List<ExecutableNormalizedField> nodes = new ArrayList<>();
        for (ExecutableNormalizedField field : search.getChildren()) {
            switch (field.getName()) {
                case "totalCount" -> total = true;
                case "nodes" -> nodes.add(field);
                case "edges" -> {
                    for (ExecutableNormalizedField edgeField : field.getChildren()) {
                        if (edgeField.getName().equals("node")) {
                            nodes.add(edgeField);
                        } else if (edgeField.getName().equals("highlights")) {
                            texts = true;
                        }
                    }
                }
                default -> {
                }
            }
        }
        String article = compiler.rowAlias();
        String statement = compiler.rowAlias();
        String speaker = compiler.rowAlias();
        sql.append(Sql.withNamedMarks(plan.hits(), hitsParameters))
                .text(", page as (").append(Sql.withNamedMarks(plan.page(), afterParameters))
                .text(") select p.kind, p.id, p.score");
        if (total) {
            sql.text(", total.count");
            page.totalColumn = column++;
        }
        if (texts) {
            sql.text(", ").text(article).text(".headline, ").text(article).text(".body, ")
                    .text(statement).text(".text, ").text(speaker).text(".name, ").text(speaker)
                    .text(".latin_name");
            page.textColumns = column;
            column += 5;
        }
        for (ExecutableNormalizedField node : nodes) {
            sql.text(", case p.kind when 1 then ");
            compiler.nodeObject(node, "Article", article);
            sql.text(" when 2 then ");
            compiler.nodeObject(node, "Statement", statement);
            sql.text(" when 3 then ");
            compiler.nodeObject(node, "Speaker", speaker);
            sql.text(" end::text");
            page.nodeColumns.put(node, column++);
        }
        // the other root fields, each computed once (no reference to the page's rows)
        for (ExecutableNormalizedField root : rootFields) {
            if (root != search) {
                sql.text(", ");
                compiler.rootFieldJson(root);
                page.rootColumns.put(root, column++);
            }
        }
        // with the total or other root fields, one row even when the page is empty (its kind null), to carry them
        page.rootFields = rootFields;
        sql.text(total ? " from (select count(*) from hits) total left join page p on true"
                : page.rootColumns.isEmpty() ? " from page p" : " from (select 1) one left join page p on true")
                .text(" left join article ").text(article).text(" on p.kind = 1 and ").text(article)
                .text(".id = p.id left join statement ").text(statement).text(" on p.kind = 2 and ")
                .text(statement).text(".id = p.id left join speaker ").text(speaker).text(" on p.kind = 3 and ")
                .text(speaker).text(".id = p.id order by p.score desc, p.kind, p.id");
        return page;
    }

    /**
     * Each request's plan (its query normalised, its cursor decoded), made once for the request's
     * variables: the refusal, the plan's placeholder and each parameter ask for it in turn.
     */
    private static final class RequestPlans {

        private record Made(Map<String, Object> variables, SearchQueries.Plan plan) {
        }

        private final Function<Map<String, Object>, SearchQueries.Plan> make;
        /** The last one made; requests on other threads at the same time only make their own again. */
        private volatile Made last;

        RequestPlans(Function<Map<String, Object>, SearchQueries.Plan> make) {
            this.make = make;
        }

        SearchQueries.Plan of(Map<String, Object> variables) {
            Made made = last;
            if (made != null && made.variables() == variables) {
                return made.plan();
            }
            SearchQueries.Plan plan = make.apply(variables);
            last = new Made(variables, plan);
            return plan;
        }
    }

    /**
     * The plan of a search whose query or cursor a variable gives, on stand-ins for them (what any
     * request's values share: the filter, the page size, whether a cursor is given); each request's
     * query and cursor are bound to it.
     *
     * @param query the query when the document gives it, null when a variable does
     */
    static SearchQueries.Plan plannedOnStandIns(SearchQueries searches, String query, SearchFilter filter, Integer first,
            boolean afterGiven) {
        String plannedQuery = query != null ? query : STAND_IN_QUERY;
        return searches.plan(plannedQuery, filter, first, afterGiven
                ? searches.plan(plannedQuery, filter, first, null).cursor(1, 1, 1)
                : null);
    }

    /** Only fields this class writes, none with arguments (besides search's own). */
    private static void check(ExecutableNormalizedField search) {
        for (ExecutableNormalizedField field : search.getChildren()) {
            allowed(field, CONNECTION_FIELDS);
            switch (field.getName()) {
                case "edges" -> {
                    for (ExecutableNormalizedField edgeField : field.getChildren()) {
                        allowed(edgeField, EDGE_FIELDS);
                        if (edgeField.getName().equals("highlights")) {
                            for (ExecutableNormalizedField highlightField : edgeField.getChildren()) {
                                allowed(highlightField, HIGHLIGHT_FIELDS);
                                if (highlightField.getName().equals("matches")) {
                                    highlightField.getChildren().forEach(range -> allowed(range, RANGE_FIELDS));
                                }
                            }
                        }
                    }
                }
                case "pageInfo" -> field.getChildren().forEach(info -> allowed(info, PAGE_INFO_FIELDS));
                default -> {
                }
            }
        }
    }

    private static void allowed(ExecutableNormalizedField field, Set<String> names) {
        if (!names.contains(field.getName()) || !field.getResolvedArguments().isEmpty()) {
            throw new NotCompilable("search field " + field.getName());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The answer

    /**
     * The response's {@code data} for these rows (the statement's, in order), for the request whose
     * placeholders took these values (its query and cursor, where variables give them).
     */
    Buffer answer(List<Object[]> rowsAndTotal, Map<Sql.Placeholder, Object> arguments) {
        SearchQueries.Plan plan = requestPlan == null ? this.plan : (SearchQueries.Plan) arguments.get(requestPlan);
        List<Object[]> rows = rowsAndTotal.stream().filter(row -> row[KIND] != null).toList();
        boolean more = rows.size() > plan.size();
        List<Object[]> visible = more ? rows.subList(0, plan.size()) : rows;
        List<String> cursors = new ArrayList<>(visible.size());
        for (Object[] row : visible) {
            cursors.add(plan.cursor(score(row), kind(row), ((Number) row[ID]).longValue()));
        }
        SearchHighlights highlights = textColumns < 0 ? null : new SearchHighlights(plan.query());
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 512 * visible.size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (ExecutableNormalizedField root : rootFields) {
                if (root != search) {
                    json.writeFieldName(root.getResultKey());
                    json.writeRawValue((String) rowsAndTotal.get(0)[rootColumns.get(root)]);
                    continue;
                }
                json.writeFieldName(search.getResultKey());
                object(json, search.getChildren(), field -> {
                    switch (field.getName()) {
                        case "__typename" -> json.writeString("SearchConnection");
                        case "totalCount" -> json.writeNumber(((Number) rowsAndTotal.get(0)[totalColumn]).intValue());
                        case "nodes" -> list(json, visible,
                                row -> json.writeRawValue((String) row[nodeColumns.get(field)]));
                        case "edges" -> {
                            json.writeStartArray();
                            for (int i = 0; i < visible.size(); i++) {
                                edge(json, field.getChildren(), visible.get(i), cursors.get(i), highlights);
                            }
                            json.writeEndArray();
                        }
                        case "pageInfo" -> pageInfo(json, field.getChildren(), more, cursors);
                        default -> throw new IllegalStateException(field.getName()); // check() lets no other through
                    }
                });
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    /** Writes one value (a field's, an element's) to the generator. */
    @FunctionalInterface
    private interface Writer<T> {
        void write(T value) throws IOException;
    }

    /** An object of the selected fields, in selection order, each value written by {@code value}. */
    private static void object(JsonGenerator json, List<ExecutableNormalizedField> fields,
            Writer<ExecutableNormalizedField> value) throws IOException {
        json.writeStartObject();
        for (ExecutableNormalizedField field : fields) {
            json.writeFieldName(field.getResultKey());
            value.write(field);
        }
        json.writeEndObject();
    }

    private static <T> void list(JsonGenerator json, List<T> elements, Writer<T> element) throws IOException {
        json.writeStartArray();
        for (T each : elements) {
            element.write(each);
        }
        json.writeEndArray();
    }

    private void edge(JsonGenerator json, List<ExecutableNormalizedField> fields, Object[] row, String cursor,
            SearchHighlights highlights) throws IOException {
        object(json, fields, field -> {
            switch (field.getName()) {
                case "__typename" -> json.writeString("SearchEdge");
                case "cursor" -> json.writeString(cursor);
                case "node" -> json.writeRawValue((String) row[nodeColumns.get(field)]);
                case "type" -> json.writeString(SearchResultType.values()[kind(row) - 1].name());
                case "score" -> json.writeNumber(score(row));
                case "highlights" -> list(json, highlights(row, highlights),
                        highlight -> highlight(json, field.getChildren(), highlight));
                default -> throw new IllegalStateException(field.getName());
            }
        });
    }

    private List<Highlight> highlights(Object[] row, SearchHighlights highlights) {
        double score = score(row);
        return switch (kind(row)) {
            case 1 -> highlights.article(score, (String) row[textColumns], (String) row[textColumns + 1]);
            case 2 -> highlights.statement(score, (String) row[textColumns + 2]);
            default -> highlights.speaker(score, (String) row[textColumns + 3], (String) row[textColumns + 4]);
        };
    }

    private static void highlight(JsonGenerator json, List<ExecutableNormalizedField> fields, Highlight highlight)
            throws IOException {
        object(json, fields, field -> {
            switch (field.getName()) {
                case "__typename" -> json.writeString("Highlight");
                case "field" -> json.writeString(highlight.field().name());
                case "snippet" -> json.writeString(highlight.snippet());
                case "snippetStart" -> json.writeNumber(highlight.snippetStart());
                case "matches" -> list(json, highlight.matches(), range -> object(json, field.getChildren(), part -> {
                    switch (part.getName()) {
                        case "__typename" -> json.writeString("TextRange");
                        case "start" -> json.writeNumber(range.start());
                        case "end" -> json.writeNumber(range.end());
                        default -> throw new IllegalStateException(part.getName());
                    }
                }));
                default -> throw new IllegalStateException(field.getName());
            }
        });
    }

    private void pageInfo(JsonGenerator json, List<ExecutableNormalizedField> fields, boolean more,
            List<String> cursors) throws IOException {
        object(json, fields, field -> {
            switch (field.getName()) {
                case "__typename" -> json.writeString("PageInfo");
                case "hasPreviousPage" -> json.writeBoolean(plan.afterGiven());
                case "hasNextPage" -> json.writeBoolean(more);
                case "startCursor" -> cursorOrNull(json, cursors.isEmpty() ? null : cursors.get(0));
                case "endCursor" -> cursorOrNull(json, cursors.isEmpty() ? null : cursors.get(cursors.size() - 1));
                default -> throw new IllegalStateException(field.getName());
            }
        });
    }

    private static void cursorOrNull(JsonGenerator json, String cursor) throws IOException {
        if (cursor == null) {
            json.writeNull();
        } else {
            json.writeString(cursor);
        }
    }

    private static int kind(Object[] row) {
        return ((Number) row[KIND]).intValue();
    }

    private static double score(Object[] row) {
        return ((Number) row[SCORE]).doubleValue();
    }

    // ---------------------------------------------------------------------------------------------
    // Arguments as the interpreter receives them

    static String text(Object value) {
        if (value != null && !(value instanceof String)) {
            throw new NotCompilable("search argument " + value);
        }
        return (String) value;
    }

    /** A DateTime as graphql-java hands it over: an ISO-8601 text with an offset, or a java.time value. */
    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new NotCompilable("search filter date " + text);
            }
        }
        throw new NotCompilable("search filter date " + value);
    }

    private static Integer integer(Object value) {
        if (value != null && !(value instanceof Integer)) {
            throw new NotCompilable("search argument " + value);
        }
        return (Integer) value;
    }

    /**
     * The filter as the interpreter receives it; a country only once the catalog that checks it is
     * in memory (reading it from the database is not for an event loop).
     */
    static SearchFilter filter(Object value, SearchQueries searches) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> fields)) {
            throw new NotCompilable("search filter");
        }
        SearchFilter filter = new SearchFilter();
        for (Map.Entry<?, ?> entry : fields.entrySet()) {
            Object field = entry.getValue();
            if (field == null) {
                continue;
            }
            switch (entry.getKey().toString()) {
                case "types" -> {
                    if (!(field instanceof Collection<?> types)) {
                        throw new NotCompilable("search filter types");
                    }
                    filter.types = new ArrayList<>();
                    for (Object type : types) {
                        try {
                            filter.types.add(SearchResultType.valueOf(String.valueOf(type)));
                        } catch (IllegalArgumentException unknown) {
                            throw new NotCompilable("search filter type " + type);
                        }
                    }
                }
                case "language" -> filter.language = text(field);
                case "country" -> {
                    if (!searches.checksCountriesInMemory()) {
                        throw new NotCompilable("search filter country before the catalog is read");
                    }
                    filter.country = text(field);
                }
                case "publishedFrom" -> filter.publishedFrom = instant(field);
                case "publishedBefore" -> filter.publishedBefore = instant(field);
                case "speaker" -> filter.speaker = text(field);
                default -> throw new NotCompilable("search filter " + entry.getKey());
            }
        }
        return filter;
    }
}
