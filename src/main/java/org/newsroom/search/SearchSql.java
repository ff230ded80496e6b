package org.newsroom.search;

import org.newsroom.article.ArticleQueries;

/**
 * The SQL of matching and ranking, shared by {@code search} and the {@code query} filters of
 * {@code articles}, {@code statements} and {@code speakers}. The query text is always the bound
 * parameter {@code :query}; the database normalises it with the same function as the stored text.
 *
 * <p>A row matches exactly when its vector holds every word of the query (the last one as a
 * prefix). When fewer than {@link #FEW} rows of a kind match exactly, the query's words are
 * replaced by similar words of the vocabulary (table search_word, V8) and searched
 * exactly (typos, missing or extra spaces). Scores: exact matches lie in
 * [1, 3): 1, plus 1 when the words occur as a phrase, plus ts_rank (below 1); similar-only matches
 * lie in (0, 0.99]. So an exact phrase ranks above scattered words, which rank above mere
 * similarity.
 */
public final class SearchSql {

    /**
     * At most this many exact matches of a kind are ranked: the newest (highest id) ones. GIN cannot
     * return rows in rank order, so without a cap a word found in most articles would rank every one
     * of them on every request. The candidates are taken through the GIN index ({@code id + 0} keeps
     * the planner from walking the primary key backwards instead) and only they are ranked. Trade-off:
     * for a word matching more rows than this, older matches are not found at all, and filters
     * applied outside (language, country, dates) narrow these candidates rather than all matches.
     */
    public static final int CANDIDATES = 1000;

    /** Below this many exact matches of a kind, similar matches are looked for too. */
    static final int FEW = 5;

    /** Each kind of searchable row: its table, the alias its columns use, and its visibility. */
    public enum Kind {
        ARTICLE("article", "a", ArticleQueries.PUBLIC),
        STATEMENT("statement", "s", "exists (select 1 from article sa where sa.id = s.article_id and "
                + ArticleQueries.publicCondition("sa") + ")"),
        SPEAKER("speaker", "sp", "true");

        final String table;
        final String alias;
        final String visible;

        Kind(String table, String alias, String visible) {
            this.table = table;
            this.alias = alias;
            this.visible = visible;
        }
    }

    /** The query, in its three forms, once per statement (OFFSET 0 keeps it from being inlined per row). */
    public static final String QUERY_FROM = "(select search_query(:query) as tsq, search_phrase(:query) as phrase, "
            + "search_normalize(:query) as norm, replace(search_normalize(:query), ' ', '') as joined "
            + "offset 0) q";

    private SearchSql() {
    }

    /**
     * The matching rows of a kind, every column of its table plus {@code search_score}: a derived
     * table to alias as the caller's queries expect. Exact and similar matches are two branches so
     * that the trigram index is not even read when enough rows match exactly (the guard is a
     * one-time filter).
     */
    public static String rows(Kind kind) {
        String t = "t";
        return "(select t.*, cast(1 + case when t.search_vector @@ q.phrase then 1 else 0 end "
                + "+ ts_rank(t.search_vector, q.tsq) as float8) as search_score from " + QUERY_FROM
                + " cross join lateral (select c.* from " + kind.table + " c where c.search_vector @@ q.tsq"
                + " order by c.id + 0 desc limit " + CANDIDATES + ") " + t
                + " union all select t.*, cast(0.5 + 0.49 * least(1, ts_rank(t.search_vector, f.alike)) as float8)"
                + " from " + QUERY_FROM + " cross join (select search_similar_query(:query) as alike offset 0) f"
                + " cross join lateral (select c.* from " + kind.table + " c where c.search_vector @@ f.alike"
                + " and not c.search_vector @@ q.tsq order by c.id + 0 desc limit " + CANDIDATES + ") " + t
                + " where " + fewExact(kind) + " and char_length(q.joined) >= 3)";
    }

    /** Whether fewer than FEW visible rows of the kind match exactly: computed once per statement. */
    private static String fewExact(Kind kind) {
        String x = kind.alias + "_exact";
        return "(select count(*) < " + FEW + " from (select 1 from " + kind.table + " " + kind.alias
                + " where " + kind.alias + ".search_vector @@ search_query(:query) and " + kind.visible
                + " limit " + FEW + ") " + x + ")";
    }
}
