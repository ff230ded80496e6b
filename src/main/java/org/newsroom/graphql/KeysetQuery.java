package org.newsroom.graphql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;

/**
 * Keyset pagination in SQL for every connection: one query per page, or one query for the pages of
 * all parents of a nested connection (a window function per parent), never an offset.
 *
 * <p>The sort keys must be non-null and end with a unique column, so that every row has exactly
 * one position and rows inserted between two requests never shift a page.
 */
public final class KeysetQuery<T> {

    private final String ordering;
    private final String columns;
    private final String from;
    private final List<SortKey> keys;
    private final boolean descending;
    private final Function<Tuple, T> mapper;
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    /**
     * @param ordering   a name for this list and ordering; cursors carry it
     * @param columns    the select list the mapper reads
     * @param from       the FROM clause, joins included
     * @param keys       the sort keys, the last one unique
     * @param descending the direction of the ordering
     * @param mapper     turns a row into a node
     */
    public KeysetQuery(String ordering, String columns, String from, List<SortKey> keys, boolean descending,
            Function<Tuple, T> mapper) {
        this.ordering = ordering;
        this.columns = columns;
        this.from = from;
        this.keys = List.copyOf(keys);
        this.descending = descending;
        this.mapper = mapper;
    }

    public KeysetQuery<T> where(String condition) {
        conditions.add(condition);
        return this;
    }

    public KeysetQuery<T> where(String condition, String parameter, Object value) {
        conditions.add(condition);
        parameters.put(parameter, value);
        return this;
    }

    public KeysetQuery<T> bind(String parameter, Object value) {
        parameters.put(parameter, value);
        return this;
    }

    /** One page of the whole list. */
    public Page<T> page(EntityManager em, PageArgs args) {
        Bounds bounds = bounds(args);
        String sql = "select " + columns + keyColumns() + " from " + from
                + " where " + whereClause(bounds.conditions)
                + " order by " + orderBy(args.backward()) + " limit " + (args.size() + 1);
        List<Tuple> rows = tuples(em, sql, bounds.parameters);
        boolean previous = bounds.after != null && !args.backward() && exists(em, args.after(), "after", false);
        boolean next = bounds.before != null && args.backward() && exists(em, args.before(), "before", true);
        Supplier<Integer> count = memo(() -> ((Number) query(em, "select count(*) from " + from
                + " where " + whereClause(List.of()), parameters, false).getSingleResult()).intValue());
        return toPage(rows, args, previous, next, count::get);
    }

    /**
     * The pages of a nested connection for many parents at once.
     *
     * @param partition the SQL expression that names a row's parent
     */
    public <P> Map<P, Page<T>> pagesPerParent(EntityManager em, String partition, Collection<P> parents,
            PageArgs args) {
        if (parents.isEmpty()) {
            return Map.of();
        }
        Bounds bounds = bounds(args);
        List<String> where = new ArrayList<>(bounds.conditions);
        where.add(partition + " in (:parents)");
        Map<String, Object> values = new LinkedHashMap<>(bounds.parameters);
        values.put("parents", parents);
        // One parent (an article's, a country's or a speaker's page): order and limit inside too, so
        // an index on (parent, sort keys) is read for one page instead of ranking all the parent's rows.
        String onePage = parents.size() == 1
                ? " order by " + orderBy(args.backward()) + " limit " + (args.size() + 1)
                : "";
        String sql = "select * from (select " + columns + keyColumns() + ", " + partition + " as partition_key"
                + ", row_number() over (partition by " + partition + " order by " + orderBy(args.backward())
                + ") as position_in_partition from " + from + " where " + whereClause(where) + onePage
                + ") ranked where position_in_partition <= " + (args.size() + 1)
                + " order by partition_key, position_in_partition";
        Map<Object, List<Tuple>> rowsPerParent = new LinkedHashMap<>();
        for (Tuple row : tuples(em, sql, values)) {
            rowsPerParent.computeIfAbsent(Rows.key(row.get("partition_key")), key -> new ArrayList<>()).add(row);
        }
        Set<Object> withPrevious = bounds.after != null && !args.backward()
                ? parentsBeyond(em, partition, parents, args.after(), "after", false)
                : Set.of();
        Set<Object> withNext = bounds.before != null && args.backward()
                ? parentsBeyond(em, partition, parents, args.before(), "before", true)
                : Set.of();
        Supplier<Map<Object, Integer>> counts = memo(() -> countsPerParent(em, partition, parents));

        Map<P, Page<T>> pages = new LinkedHashMap<>();
        for (P parent : parents) {
            Object key = Rows.key(parent);
            pages.put(parent, toPage(rowsPerParent.getOrDefault(key, List.of()), args, withPrevious.contains(key),
                    withNext.contains(key), () -> counts.get().getOrDefault(key, 0)));
        }
        return pages;
    }

    private Page<T> toPage(List<Tuple> rows, PageArgs args, boolean previousBeyondCursor, boolean nextBeyondCursor,
            IntSupplier totalCount) {
        boolean more = rows.size() > args.size();
        List<Tuple> visible = new ArrayList<>(more ? rows.subList(0, args.size()) : rows);
        if (args.backward()) {
            Collections.reverse(visible);
        }
        List<Edge<T>> edges = new ArrayList<>(visible.size());
        for (Tuple row : visible) {
            edges.add(new Edge<>(cursorOf(row), mapper.apply(row)));
        }
        boolean hasPrevious = args.backward() ? more : previousBeyondCursor;
        boolean hasNext = args.backward() ? nextBeyondCursor : more;
        PageInfo info = new PageInfo(hasPrevious, hasNext,
                edges.isEmpty() ? null : edges.get(0).cursor(),
                edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor());
        return new Page<>(edges, info, totalCount);
    }

    /** The cursor of a row whose sort keys have these values (the compiled read path's rows). */
    public String cursorOf(List<Object> sortKeyValues) {
        List<String> values = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            values.add(keys.get(i).toCursorValue(sortKeyValues.get(i)));
        }
        return Cursor.encode(ordering, values);
    }

    private String cursorOf(Tuple row) {
        List<String> values = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            values.add(keys.get(i).toCursorValue(row.get("sort_key_" + i)));
        }
        return Cursor.encode(ordering, values);
    }

    private record Bounds(List<String> conditions, Map<String, Object> parameters, List<Object> after,
            List<Object> before) {
    }

    private Bounds bounds(PageArgs args) {
        List<String> bounds = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>(parameters);
        List<Object> after = args.after() == null ? null : cursorParameters("after", args.after());
        List<Object> before = args.before() == null ? null : cursorParameters("before", args.before());
        if (after != null) {
            bounds.add(comparison(descending ? "<" : ">", "after"));
            bind(values, "after", after);
        }
        if (before != null) {
            bounds.add(comparison(descending ? ">" : "<", "before"));
            bind(values, "before", before);
        }
        return new Bounds(bounds, values, after, before);
    }

    /**
     * Whether any row lies on the far side of a cursor (the cursor's own row included): tells if a
     * page that starts after a cursor has a previous page, or one that ends before it a next page.
     */
    private boolean exists(EntityManager em, String cursor, String name, boolean towardsEnd) {
        Map<String, Object> values = new LinkedHashMap<>(parameters);
        bind(values, name, cursorParameters(name, cursor));
        List<String> where = List.of(comparison(farSide(towardsEnd), name));
        String sql = "select exists (select 1 from " + from + " where " + whereClause(where) + ")";
        return (Boolean) query(em, sql, values, false).getSingleResult();
    }

    private Set<Object> parentsBeyond(EntityManager em, String partition, Collection<?> parents, String cursor,
            String name, boolean towardsEnd) {
        Map<String, Object> values = new LinkedHashMap<>(parameters);
        bind(values, name, cursorParameters(name, cursor));
        values.put("parents", parents);
        List<String> where = List.of(comparison(farSide(towardsEnd), name), partition + " in (:parents)");
        String sql = "select distinct " + partition + " from " + from + " where " + whereClause(where);
        Set<Object> found = new HashSet<>();
        for (Object value : query(em, sql, values, false).getResultList()) {
            found.add(Rows.key(value));
        }
        return found;
    }

    private Map<Object, Integer> countsPerParent(EntityManager em, String partition, Collection<?> parents) {
        Map<String, Object> values = new LinkedHashMap<>(parameters);
        values.put("parents", parents);
        String sql = "select " + partition + " as partition_key, count(*) as total from " + from
                + " where " + whereClause(List.of(partition + " in (:parents)")) + " group by " + partition;
        return tuples(em, sql, values).stream().collect(Collectors.toMap(
                row -> Rows.key(row.get("partition_key")), row -> Rows.intValue(row, "total")));
    }

    private String farSide(boolean towardsEnd) {
        return towardsEnd == descending ? "<=" : ">=";
    }

    /**
     * The sort key values a cursor of this query holds, typed as its keys; BAD_USER_INPUT when it is
     * malformed or from another list. For checks beyond paging (e.g. whether it is still retained).
     */
    public List<Object> cursorValues(String argument, String cursor) {
        return cursorParameters(argument, cursor);
    }

    private List<Object> cursorParameters(String name, String cursor) {
        List<String> values = Cursor.decode(name, cursor, ordering, keys.size());
        List<Object> typed = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            typed.add(keys.get(i).toParameter(values.get(i)));
        }
        return typed;
    }

    private String comparison(String operator, String name) {
        StringBuilder left = new StringBuilder("(");
        StringBuilder right = new StringBuilder("(");
        for (int i = 0; i < keys.size(); i++) {
            String separator = i == 0 ? "" : ", ";
            left.append(separator).append(keys.get(i).expression());
            right.append(separator).append(':').append(name).append('_').append(i);
        }
        return left + ") " + operator + " " + right + ")";
    }

    private static void bind(Map<String, Object> values, String name, List<Object> cursorValues) {
        for (int i = 0; i < cursorValues.size(); i++) {
            values.put(name + "_" + i, cursorValues.get(i));
        }
    }

    private String keyColumns() {
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            select.append(", ").append(keys.get(i).expression()).append(" as sort_key_").append(i);
        }
        return select.toString();
    }

    private String orderBy(boolean backward) {
        String direction = descending != backward ? " desc" : " asc";
        return keys.stream().map(key -> key.expression() + direction).collect(Collectors.joining(", "));
    }

    private String whereClause(List<String> extra) {
        List<String> all = new ArrayList<>(conditions);
        all.addAll(extra);
        return all.isEmpty() ? "true" : String.join(" and ", all);
    }

    @SuppressWarnings("unchecked")
    private static List<Tuple> tuples(EntityManager em, String sql, Map<String, Object> values) {
        return query(em, sql, values, true).getResultList();
    }

    private static Query query(EntityManager em, String sql, Map<String, Object> values, boolean tuples) {
        Query query = tuples ? em.createNativeQuery(sql, Tuple.class) : em.createNativeQuery(sql);
        values.forEach(query::setParameter);
        return query;
    }

    private static <V> Supplier<V> memo(Supplier<V> supplier) {
        return new Supplier<>() {
            private V value;
            private boolean computed;

            @Override
            public V get() {
                if (!computed) {
                    value = supplier.get();
                    computed = true;
                }
                return value;
            }
        };
    }
}
