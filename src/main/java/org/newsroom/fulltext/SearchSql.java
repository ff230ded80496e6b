package org.newsroom.fulltext;

import java.util.ArrayList;
import java.util.List;

import org.newsroom.db.Sql;
import org.newsroom.visibility.PublicArticles;

/**
 * The SQL of matching and ranking, shared by {@code search} and the {@code query} filters of
 * {@code articles}, {@code statements} and {@code speakers}, as {@link Sql} pieces. The query text
 * is always a bind parameter (a value, or a placeholder bound per request); the database normalises
 * it with the same function as the stored text.
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
     * At most this many matches of a kind are ranked: the newest (highest id) ones, found by the
     * database function search_newest (through the postings of V22 and V25 where they are cheaper
     * than GIN, else search_newest_in_ranges: GIN). Ranking every match of a word found in most
     * articles on every request would cost far too much. Trade-off: for a word matching more rows than this, older matches are not
     * found at all, and filters applied outside (language, country, dates) narrow these candidates
     * rather than all matches.
     */
    public static final int CANDIDATES = 150;

    /** Below this many exact matches of a kind, similar matches are looked for too. */
    static final int FEW = 5;

    /** Each kind of searchable row: its table, the alias its columns use, and its visibility. */
    public enum Kind {
        ARTICLE(1, "article", "a", PublicArticles.PUBLIC),
        STATEMENT(2, "statement", "s", "exists (select 1 from article sa where sa.id = s.article_id and "
                + PublicArticles.publicCondition("sa") + ")"),
        SPEAKER(3, "speaker", "sp", "true");

        /** The kind's number in search results and in the table search_posting (V22). */
        final int number;
        final String table;
        final String alias;
        final String visible;

        Kind(int number, String table, String alias, String visible) {
            this.number = number;
            this.table = table;
            this.alias = alias;
            this.visible = visible;
        }
    }

    /**
     * Matches of a kind beyond this many are ranked only when a word of the query is rare: the
     * newest ones are (search_ranked, V27); the older ones follow, newest first ({@link #olderRows}).
     */
    public static final int NEWEST_RANKED = CANDIDATES;

    /**
     * A word (as a prefix) with fewer postings of a kind than this is rare: every match of a query
     * holding it is ranked, and every match holding it exactly as typed is ranked too.
     */
    public static final int RARE = 500;

    /** Scores of matches that are not ranked lie in [1, 2): 1 + id x 2^-52, exact in float8. */
    private static final String OLDER_SCORE = "cast(1 + cast(t.id as float8) * cast(2.220446049250313e-16 as float8) as float8)";

    /** The query, in its forms, once per statement (OFFSET 0 keeps it from being inlined per row). */
    public static Sql queryFrom(Object query) {
        return Sql.text("(select search_query(").then(Sql.value(query)).then(") as tsq, search_phrase(")
                .then(Sql.value(query)).then(") as phrase, search_words(").then(Sql.value(query))
                .then(") as words, search_normalize(").then(Sql.value(query)).then(") as norm, replace(search_normalize(")
                .then(Sql.value(query)).then("), ' ', '') as joined offset 0) q");
    }

    private static Sql alikeFrom(Object query) {
        return Sql.text("(select search_similar_query(").then(Sql.value(query)).then(") as alike offset 0) f");
    }

    /**
     * For a statement that searches several kinds: a WITH list defining {@link #QUERY} (the query's
     * forms) and {@link #ALIKE} (its similarity query, computed only if some kind looks for similar
     * rows), each evaluated once for all kinds instead of once per kind.
     */
    public static Sql sharedQuery(Object query) {
        return Sql.text("search_q as materialized (select search_query(").then(Sql.value(query))
                .then(") as tsq, search_phrase(").then(Sql.value(query)).then(") as phrase, search_words(")
                .then(Sql.value(query)).then(") as words, n.norm, replace(n.norm, ' ', '') as joined ")
                .then("from (select search_normalize(").then(Sql.value(query)).then(") as norm offset 0) n), ")
                .then("search_alike as materialized (select search_similar_query(").then(Sql.value(query))
                .then(") as alike)");
    }

    /** The shared forms of {@link #sharedQuery}, as the derived tables {@code q} and {@code f}. */
    public static final Sql QUERY = Sql.text("search_q q");
    public static final Sql ALIKE = Sql.text("search_alike f");

    private SearchSql() {
    }

    /**
     * The matching rows of a kind, every column of its table plus {@code search_score}: a derived
     * table to alias as the caller's queries expect. Every row holding all the words is there: the
     * ranked ones, then the older matches of frequent words; similar matches are looked for only
     * when fewer than {@link #FEW} of the kind's exact matches are visible (a one-time filter, so
     * the vocabulary is not even read otherwise).
     */
    public static Sql rows(Kind kind, Object query) {
        Sql queryFrom = queryFrom(query);
        return Sql.text("(with ranked as materialized (").then(ranked(kind, queryFrom))
                .then(") select t.*, ranked.score as search_score from ranked join " + kind.table
                        + " t on t.id = ranked.id union all select * from ")
                .then(olderRows(kind, queryFrom, "not exists (select 1 from ranked where ranked.id = t.id)"))
                .then(" o union all select * from ")
                .then(similarRows(kind, fewExact(Sql.text("search_query(").then(Sql.value(query)).then(")"), kind),
                        queryFrom, alikeFrom(query)))
                .then(" s)");
    }

    /** The ranked matches of a kind: id and score (at least 2), from search_ranked (V27). */
    public static Sql ranked(Kind kind, Sql query) {
        return Sql.text("select r.id, r.score from ").then(query).then(" cross join lateral search_ranked(cast("
                + kind.number + " as smallint), q.words, q.tsq, q.phrase, " + NEWEST_RANKED + ", " + RARE + ") r");
    }

    /** The ranked matches of a kind held by {@code rankedTable} (id, score), every column plus {@code search_score}. */
    public static String rankedRows(Kind kind, String rankedTable) {
        return "(select t.*, r.score as search_score from " + rankedTable + " r join " + kind.table
                + " t on t.id = r.id)";
    }

    /**
     * Whether fewer than FEW of the ranked matches of the kinds together (each kind's in the table of
     * the same position, id and score) are visible, whatever the caller's other filters: computed
     * once per statement.
     */
    public static String fewVisible(List<Kind> kinds, List<String> rankedTables) {
        StringBuilder visible = new StringBuilder();
        for (int i = 0; i < kinds.size(); i++) {
            Kind kind = kinds.get(i);
            if (visible.length() > 0) {
                visible.append(" union all ");
            }
            visible.append("select 1 from ").append(rankedTables.get(i)).append(" r join ").append(kind.table).append(' ')
                    .append(kind.alias).append(" on ").append(kind.alias).append(".id = r.id where ").append(kind.visible);
        }
        return "(select count(*) < " + FEW + " from (" + visible + " limit " + FEW + ") exact)";
    }

    /**
     * The matches of a kind that {@link #ranked} leaves out (the caller's condition on {@code t}
     * excludes the ranked ones), every column plus {@code search_score} in [1, 2): newer first. GIN
     * finds them; only the pages that reach them pay for it.
     */
    public static Sql olderRows(Kind kind, Sql query, String notRanked) {
        return Sql.text("(select t.*, " + OLDER_SCORE + " as search_score from ").then(query)
                .then(" cross join " + kind.table + " t where t.search_vector @@ q.tsq and " + notRanked + ")");
    }

    /**
     * Rows of a kind holding words similar to the query's but not all its words, every column plus
     * {@code search_score} in (0, 0.99], when the caller's condition says to look for them.
     */
    public static Sql similarRows(Kind kind, Sql lookForSimilar, Sql query, Sql alike) {
        return Sql.text("(select t.*, cast(0.5 + 0.49 * least(1, ts_rank(t.search_vector, f.alike)) as float8) as search_score")
                .then(" from ").then(query).then(" cross join ").then(alike)
                .then(" cross join lateral (select c.* from search_newest(cast(" + kind.number + " as smallint), "
                        + "f.alike, " + (CANDIDATES + FEW) + ") n(id) join " + kind.table + " c on c.id = n.id"
                        + " where not c.search_vector @@ q.tsq) t where ")
                .then(lookForSimilar).then(" and char_length(q.joined) >= 3)");
    }

    /** The newest exact matches of a kind (alias: the kind's alias), every column. */
    private static Sql exactCandidates(Kind kind, Sql tsquery, int count) {
        return Sql.text("select " + kind.alias + ".* from search_newest(cast(" + kind.number + " as smallint), ")
                .then(tsquery).then(", " + count + ") n(id) join " + kind.table + " " + kind.alias + " on " + kind.alias
                        + ".id = n.id");
    }

    /**
     * Whether fewer than FEW of the newest exact matches of the kinds together are visible (of the
     * newest 4 x FEW of each kind, so that a few drafts among them do not matter): computed once per
     * statement.
     */
    public static Sql fewExact(Sql tsquery, Kind... kinds) {
        List<Sql> visible = new ArrayList<>(kinds.length);
        for (Kind kind : kinds) {
            visible.add(Sql.text("select 1 from (").then(exactCandidates(kind, tsquery, 4 * FEW))
                    .then(") " + kind.alias + " where " + kind.visible));
        }
        return Sql.text("(select count(*) < " + FEW + " from (").then(Sql.join(visible, " union all "))
                .then(" limit " + FEW + ") exact)");
    }
}
