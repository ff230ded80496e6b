package org.newsroom.compiled;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
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
 * interpreter does (SearchApi, SearchQueries: the same plan, cursors and highlights). Several
 * searches in one operation are the union of their pages in one statement. One statement where the
 * interpreter runs two to four for each search, and no per-field work in graphql-java.
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

    /** Each search of the operation, in order: its plan and where its values are among the columns. */
    private final List<Search> searches;
    /** The operation's root fields, in order: the searches and those beside them. */
    private final List<ExecutableNormalizedField> rootFields;
    /** Each root field beside the searches and the column of its JSON (on the first search's rows). */
    private final Map<ExecutableNormalizedField, Integer> rootColumns = new IdentityHashMap<>();
    /** The feeds read after a cursor, in the order of the fields: their columns are null where it expired. */
    private final List<ExecutableNormalizedField> feedsAfterCursors = new ArrayList<>();
    /** With more than one search, the column that tells whose row a row is; -1 with one. */
    private int searchColumn = -1;

    private static final class Search {
        final ExecutableNormalizedField field;
        final SearchQueries.Plan plan;
        /** Where variables give the query or cursor: the placeholder whose value is each request's plan. */
        Sql.Placeholder requestPlan;
        /** The query the statement searches: the plan's, or a placeholder of each request's. */
        Object query;
        /** The position after which the page starts (score, kind, id): the plan's, or placeholders of each request's. */
        List<Object> after;
        boolean total;
        boolean texts;
        final List<ExecutableNormalizedField> nodes = new ArrayList<>();
        int totalColumn = -1;
        int textColumns = -1;
        /** Each node selection (edges.node, nodes) and the column of its JSON. */
        final Map<ExecutableNormalizedField, Integer> nodeColumns = new IdentityHashMap<>();

        Search(ExecutableNormalizedField field, SearchQueries.Plan plan) {
            this.field = field;
            this.plan = plan;
        }
    }

    private SearchPage(List<Search> searches, List<ExecutableNormalizedField> rootFields) {
        this.searches = searches;
        this.rootFields = rootFields;
    }

    /**
     * Writes the statement of the operation's searches with the compiler's writer; what answers its
     * rows. One search is one page of rows; several are the union of their pages, each row telling
     * whose it is, in one column layout (each search's columns where it selects them, null where
     * another does). The root fields beside them are read once, on the first search's rows.
     */
    static SearchPage compile(OperationCompiler compiler, Sql.Builder sql, SearchQueries searchQueries,
            List<ExecutableNormalizedField> searchFields, List<ExecutableNormalizedField> rootFields) {
        List<Search> searches = new ArrayList<>(searchFields.size());
        for (ExecutableNormalizedField field : searchFields) {
            searches.add(search(compiler, searchQueries, field));
        }
        SearchPage page = new SearchPage(searches, rootFields);
        Set<ExecutableNormalizedField> searched = Collections.newSetFromMap(new IdentityHashMap<>());
        searched.addAll(searchFields);
        int column = SCORE + 1;
        int totalColumn = searches.stream().anyMatch(search -> search.total) ? column++ : -1;
        int textColumns = -1;
        if (searches.stream().anyMatch(search -> search.texts)) {
            textColumns = column;
            column += 5;
        }
        int firstNodeColumn = column;
        int nodeColumns = searches.stream().mapToInt(search -> search.nodes.size()).max().orElse(0);
        column += nodeColumns;
        for (ExecutableNormalizedField root : rootFields) {
            if (!searched.contains(root)) {
                page.rootColumns.put(root, column++); // a search refused for every request too: null
            }
        }
        boolean several = searches.size() > 1;
        if (several) {
            page.searchColumn = column;
        }
        for (int i = 0; i < searches.size(); i++) {
            Search search = searches.get(i);
            search.totalColumn = search.total ? totalColumn : -1;
            search.textColumns = search.texts ? textColumns : -1;
            for (int node = 0; node < search.nodes.size(); node++) {
                search.nodeColumns.put(search.nodes.get(node), firstNodeColumn + node);
            }
            sql.text(several ? (i == 0 ? "(" : " union all (") : "");
            page.rows(compiler, sql, search, i, totalColumn >= 0, textColumns >= 0, nodeColumns);
            sql.text(several ? ")" : "");
        }
        return page;
    }

    /** A search as its arguments plan it, checked as the interpreter checks them (each request's query and cursor too). */
    private static Search search(OperationCompiler compiler, SearchQueries searches, ExecutableNormalizedField field) {
        compiler.reading(field);
        Map<String, Object> arguments = field.getResolvedArguments();
        String query = text(arguments.get("query"));
        String after = text(arguments.get("after"));
        String queryVariable = query == null ? null : compiler.boundVariable(field, "query");
        String afterVariable = after == null ? null : compiler.boundVariable(field, "after");
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
            throw new NotCompilable("search arguments: " + refused.getMessage()); // refused before: the planned refusals
        }
        check(field);
        Search search = new Search(field, plan);
        search.query = plan.query();
        search.after = plan.after();
        if (bound) {
            SearchQueries.Plan planned = plan;
            Function<Map<String, Object>, SearchQueries.Plan> ofRequest = new RequestPlans(values -> planned.with(
                    queryVariable != null ? text(values.get(queryVariable)) : query,
                    afterVariable != null ? text(values.get(afterVariable)) : after))::of;
            search.requestPlan = compiler.placeholderOfVariables("the search", ofRequest::apply);
            // the query and the cursor as the plan checks them for each request (the rest it checked here)
            compiler.refusedPerRequest(field, values -> {
                ofRequest.apply(values);
                return null;
            });
            search.query = compiler.placeholderOfVariables("the search's query",
                    values -> ofRequest.apply(values).query());
            List<Object> afterPlaceholders = new ArrayList<>(search.after.size());
            for (int i = 0; i < search.after.size(); i++) {
                int at = i;
                afterPlaceholders.add(compiler.placeholderOfVariables("the search's position " + at,
                        values -> ofRequest.apply(values).after().get(at)));
            }
            search.after = afterPlaceholders;
        }
        for (ExecutableNormalizedField selected : field.getChildren()) {
            switch (selected.getName()) {
                case "totalCount" -> search.total = true;
                case "nodes" -> search.nodes.add(selected);
                case "edges" -> {
                    for (ExecutableNormalizedField edgeField : selected.getChildren()) {
                        if (edgeField.getName().equals("node")) {
                            search.nodes.add(edgeField);
                        } else if (edgeField.getName().equals("highlights")) {
                            search.texts = true;
                        }
                    }
                }
                default -> {
                }
            }
        }
        return search;
    }

    /**
     * The rows of one search's page, best first, in the operation's column layout: its total, its
     * texts and its nodes where it selects them (null where only another search does), the root
     * fields beside the searches on the first one's rows; with several, which search it is last.
     */
    private void rows(OperationCompiler compiler, Sql.Builder sql, Search search, int index, boolean totalColumn,
            boolean textColumns, int nodeColumns) {
        compiler.reading(search.field);
        String article = compiler.rowAlias();
        String statement = compiler.rowAlias();
        String speaker = compiler.rowAlias();
        sql.append(search.plan.hits(search.query))
                .text(", page as (").append(search.plan.page(search.after))
                .text(") select p.kind, p.id, p.score");
        if (totalColumn) {
            sql.text(search.total ? ", total.count" : ", null::bigint");
        }
        if (textColumns) {
            if (search.texts) {
                sql.text(", ").text(article).text(".headline, ").text(article).text(".body, ")
                        .text(statement).text(".text, ").text(speaker).text(".name, ").text(speaker)
                        .text(".latin_name");
            } else {
                sql.text(", null::text, null::text, null::text, null::text, null::text");
            }
        }
        for (int i = 0; i < nodeColumns; i++) {
            if (i >= search.nodes.size()) {
                sql.text(", null::text");
                continue;
            }
            ExecutableNormalizedField node = search.nodes.get(i);
            sql.text(", case p.kind when 1 then ");
            compiler.nodeObject(node, "Article", article);
            sql.text(" when 2 then ");
            compiler.nodeObject(node, "Statement", statement);
            sql.text(" when 3 then ");
            compiler.nodeObject(node, "Speaker", speaker);
            sql.text(" end::text");
        }
        // the other root fields, each computed once (no reference to the page's rows), on the first search's rows
        boolean carriesRootFields = index == 0 && !rootColumns.isEmpty();
        for (ExecutableNormalizedField root : rootFields) {
            if (!rootColumns.containsKey(root)) {
                continue;
            }
            sql.text(", ");
            if (carriesRootFields) {
                if (compiler.rootFieldJson(root)) {
                    feedsAfterCursors.add(root);
                }
            } else {
                sql.text("null::text");
            }
        }
        if (searchColumn >= 0) {
            sql.text(", ").integer(index).text(" as search");
        }
        // with the total or other root fields, one row even when the page is empty (its kind null), to carry them
        sql.text(search.total ? " from (select count(*) from hits) total left join page p on true"
                : !carriesRootFields ? " from page p" : " from (select 1) one left join page p on true")
                .text(" left join article ").text(article).text(" on p.kind = 1 and ").text(article)
                .text(".id = p.id left join statement ").text(statement).text(" on p.kind = 2 and ")
                .text(statement).text(".id = p.id left join speaker ").text(speaker).text(" on p.kind = 3 and ")
                .text(speaker).text(".id = p.id order by p.score desc, p.kind, p.id");
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
     * placeholders took these values (its queries and cursors, where variables give them); which
     * feeds expired ({@link ExpiredFeeds}) when a feed beside the searches was read after a cursor
     * that retention overtook.
     */
    Buffer answer(List<Object[]> rows, Map<Sql.Placeholder, Object> arguments) {
        List<List<Object[]>> rowsOfSearches = new ArrayList<>(searches.size());
        if (searchColumn < 0) {
            rowsOfSearches.add(rows);
        } else {
            for (int i = 0; i < searches.size(); i++) {
                rowsOfSearches.add(new ArrayList<>());
            }
            for (Object[] row : rows) {
                rowsOfSearches.get(((Number) row[searchColumn]).intValue()).add(row);
            }
            // each page in its own order, whatever order the union's parts came back in
            rowsOfSearches.forEach(ofSearch -> ofSearch.sort(BEST_FIRST));
        }
        if (!feedsAfterCursors.isEmpty()) {
            // the first search's rows carry the root fields
            Object[] carrying = rowsOfSearches.get(0).get(0);
            List<Boolean> expired = feedsAfterCursors.stream().map(feed -> carrying[rootColumns.get(feed)] == null).toList();
            if (expired.contains(true)) {
                return ExpiredFeeds.json(expired);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 512 * rows.size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            int searched = 0;
            for (ExecutableNormalizedField root : rootFields) {
                json.writeFieldName(root.getResultKey());
                if (rootColumns.containsKey(root)) {
                    json.writeRawValue((String) rowsOfSearches.get(0).get(0)[rootColumns.get(root)]);
                    continue;
                }
                Search search = searches.get(searched);
                Object plan = search.requestPlan == null ? search.plan : arguments.get(search.requestPlan);
                if (plan instanceof SearchQueries.Plan ofRequest) {
                    write(json, search, rowsOfSearches.get(searched), ofRequest);
                } else {
                    // refused for the request's own query or cursor (its parameters SQL's null): the
                    // statement ran for the errors below the other root fields, and the data is null
                    json.writeNull();
                }
                searched++;
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    /** The order of a page, as its SQL has it: by score, best first, then by kind and id. */
    private static final Comparator<Object[]> BEST_FIRST = (one, other) -> {
        if (one[KIND] == null || other[KIND] == null) {
            return one[KIND] == null ? (other[KIND] == null ? 0 : 1) : -1;
        }
        double oneScore = score(one);
        double otherScore = score(other);
        if (oneScore != otherScore) {
            return oneScore > otherScore ? -1 : 1;
        }
        int byKind = Integer.compare(kind(one), kind(other));
        return byKind != 0 ? byKind : Long.compare(((Number) one[ID]).longValue(), ((Number) other[ID]).longValue());
    };

    /** One search's connection from its rows (and its total on them), for the request's plan. */
    private void write(JsonGenerator json, Search search, List<Object[]> rowsAndTotal, SearchQueries.Plan plan)
            throws IOException {
        List<Object[]> rows = rowsAndTotal.stream().filter(row -> row[KIND] != null).toList();
        boolean more = rows.size() > plan.size();
        List<Object[]> visible = more ? rows.subList(0, plan.size()) : rows;
        List<String> cursors = new ArrayList<>(visible.size());
        for (Object[] row : visible) {
            cursors.add(plan.cursor(score(row), kind(row), ((Number) row[ID]).longValue()));
        }
        SearchHighlights highlights = search.textColumns < 0 ? null : new SearchHighlights(plan.query());
        object(json, search.field.getChildren(), field -> {
            switch (field.getName()) {
                case "__typename" -> json.writeString("SearchConnection");
                case "totalCount" -> json.writeNumber(((Number) rowsAndTotal.get(0)[search.totalColumn]).intValue());
                case "nodes" -> list(json, visible,
                        row -> json.writeRawValue((String) row[search.nodeColumns.get(field)]));
                case "edges" -> {
                    json.writeStartArray();
                    for (int i = 0; i < visible.size(); i++) {
                        edge(json, search, field.getChildren(), visible.get(i), cursors.get(i), highlights);
                    }
                    json.writeEndArray();
                }
                case "pageInfo" -> pageInfo(json, field.getChildren(), plan.afterGiven(), more, cursors);
                default -> throw new IllegalStateException(field.getName()); // check() lets no other through
            }
        });
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

    private static void edge(JsonGenerator json, Search search, List<ExecutableNormalizedField> fields, Object[] row,
            String cursor, SearchHighlights highlights) throws IOException {
        object(json, fields, field -> {
            switch (field.getName()) {
                case "__typename" -> json.writeString("SearchEdge");
                case "cursor" -> json.writeString(cursor);
                case "node" -> json.writeRawValue((String) row[search.nodeColumns.get(field)]);
                case "type" -> json.writeString(SearchResultType.values()[kind(row) - 1].name());
                case "score" -> json.writeNumber(score(row));
                case "highlights" -> list(json, highlights(row, search.textColumns, highlights),
                        highlight -> highlight(json, field.getChildren(), highlight));
                default -> throw new IllegalStateException(field.getName());
            }
        });
    }

    private static List<Highlight> highlights(Object[] row, int textColumns, SearchHighlights highlights) {
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

    private static void pageInfo(JsonGenerator json, List<ExecutableNormalizedField> fields, boolean afterGiven,
            boolean more, List<String> cursors) throws IOException {
        object(json, fields, field -> {
            switch (field.getName()) {
                case "__typename" -> json.writeString("PageInfo");
                case "hasPreviousPage" -> json.writeBoolean(afterGiven);
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
                        throw NotCompilable.forNow("search filter country before the catalog is read");
                    }
                    filter.country = text(field);
                }
                case "publishedFrom" -> filter.publishedFrom = QueryLists.instant(field, "search filter date");
                case "publishedBefore" -> filter.publishedBefore = QueryLists.instant(field, "search filter date");
                case "speaker" -> filter.speaker = text(field);
                default -> throw new NotCompilable("search filter " + entry.getKey());
            }
        }
        return filter;
    }
}
