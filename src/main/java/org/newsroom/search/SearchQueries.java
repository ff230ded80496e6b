package org.newsroom.search;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.newsroom.article.ArticleQueries;
import org.newsroom.country.CountryCatalog;
import org.newsroom.db.Sql;
import org.newsroom.fulltext.Normalizer;
import org.newsroom.fulltext.SearchSql;
import org.newsroom.fulltext.SearchSql.Kind;
import org.newsroom.fulltext.SearchText;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.PageArgs;
import org.newsroom.language.Languages;
import org.newsroom.speaker.Speaker;
import org.newsroom.statement.StatementQueries;
import org.newsroom.visibility.PublicArticles;

/**
 * The root search's plan: the SQL that finds a page of hits of all kinds, ranked in PostgreSQL on
 * the GIN indexes, with a keyset cursor over (score desc, kind, id); the read engine reads the
 * page and its nodes in the statement of the operation (org.newsroom.compiled.SearchPage).
 */
@ApplicationScoped
public class SearchQueries {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    @Inject
    CountryCatalog countries;

    /**
     * A page of a search as SQL, before it runs: {@link #hits} (a WITH clause defining {@code hits}:
     * kind, id and score of every hit, for totalCount; pages read its parts {@code ranked_hits},
     * {@code older_hits} and {@code similar_hits}) and {@link #page} (the page's hits after the
     * cursor), for this plan's query and cursor or for values bound per request. Bad input (the
     * query, the page size, the cursor, the filter) is refused by {@link SearchQueries#plan}, as
     * ApiException.
     *
     * @param hitsOfQuery the WITH clause for a query (its value, or a placeholder)
     * @param after the cursor's position (score, kind, id), empty without a cursor
     */
    public record Plan(String query, String fingerprint, int size, boolean afterGiven,
            Function<Object, Sql> hitsOfQuery, List<Object> after) {

        /** The WITH clause defining {@code hits} for a query: this plan's, or a placeholder bound per request. */
        public Sql hits(Object query) {
            return hitsOfQuery.apply(query);
        }

        /**
         * The page's hits from {@code hits}, one more than its size (to tell whether another page
         * follows), best first, after the position given (score, kind, id: values or placeholders;
         * none without a cursor).
         */
        public Sql page(List<?> position) {
            // the older matches of frequent words (GIN) only when the ranked ones after the cursor do not fill the page
            return Sql.text("select kind, id, score from (select kind, id, score from ranked_hits union all select kind, id,"
                    + " score from older_hits where (select count(*) from (select 1 from ranked_hits")
                    .then(afterCondition(position)).then(" limit " + (size + 1) + ") enough) <= " + size
                            + " union all select kind, id, score from similar_hits) h")
                    .then(afterCondition(position)).then(" order by score desc, kind, id limit " + (size + 1));
        }

        private static Sql afterCondition(List<?> position) {
            if (position.isEmpty()) {
                return Sql.EMPTY;
            }
            return Sql.text(" where (score < ").then(Sql.value(position.get(0))).then(" or (score = ")
                    .then(Sql.value(position.get(0))).then(" and (kind, id) > (").then(Sql.value(position.get(1)))
                    .then(", ").then(Sql.value(position.get(2))).then(")))");
        }

        /** The cursor of a hit of this search. */
        public String cursor(double score, int kind, long id) {
            return encode(fingerprint, new Position(score, kind, id));
        }

        /**
         * The same search (its SQL: the filter's, the page size's) for another query and cursor,
         * refused as {@link SearchQueries#plan} refuses them; a cursor where this plan has none, or
         * none where it has one, is another plan.
         */
        public Plan with(String rawQuery, String after) {
            if ((after != null) != afterGiven) {
                throw new IllegalArgumentException("a plan " + (afterGiven ? "with" : "without") + " a cursor");
            }
            String newQuery = SearchText.require("query", rawQuery);
            String newFingerprint = SearchQueries.fingerprint(newQuery);
            return new Plan(newQuery, newFingerprint, size, afterGiven, hitsOfQuery,
                    after == null ? List.of() : decode(after, newFingerprint).values());
        }
    }

    /** Whether {@link #plan} can check a country filter without reading the database. */
    public boolean checksCountriesInMemory() {
        return countries.isLoaded();
    }

    public Plan plan(String rawQuery, SearchFilter filter, Integer first, String after) {
        String query = SearchText.require("query", rawQuery);
        PageArgs page = new PageArgs(first, after, null, null);
        String fingerprint = fingerprint(query);
        Function<Object, Sql> hits = hits(filter);
        return new Plan(query, fingerprint, page.size(), after != null, hits,
                after == null ? List.of() : decode(after, fingerprint).values());
    }

    /** The values a search's filter narrows its hits by; null where it does not. */
    private record Narrowed(String language, String country, Long speaker, OffsetDateTime publishedFrom,
            OffsetDateTime publishedBefore) {
    }

    /**
     * A WITH clause defining {@code hits}, for a query: the union of the hits of every kind the
     * filter allows, each with kind (1, 2, 3), id and score. The filter is checked here, once.
     */
    private Function<Object, Sql> hits(SearchFilter filter) {
        Set<SearchResultType> types = filter == null || filter.types == null || filter.types.isEmpty()
                ? EnumSet.allOf(SearchResultType.class) : EnumSet.copyOf(filter.types);
        Narrowed narrowed = new Narrowed(
                filter == null || filter.language == null ? null : Languages.parse(filter.language).toLanguageTag(),
                filter == null || filter.country == null ? null : countries.requireCode(filter.country),
                filter == null || filter.speaker == null ? null : GlobalId.numericKey(filter.speaker, Speaker.TYPE),
                filter == null || filter.publishedFrom == null ? null : utc(filter.publishedFrom),
                filter == null || filter.publishedBefore == null ? null : utc(filter.publishedBefore));
        return query -> hits(types, narrowed, query);
    }

    private static Sql hits(Set<SearchResultType> types, Narrowed narrowed, Object query) {
        // typo tolerance when the search as a whole finds little, not for each kind that finds little;
        // decided once for all kinds, on their visible ranked matches (when there are older ones, 150 are ranked)
        Sql fewExact = Sql.text("(select few from few_exact)");
        List<Sql> rankedPerKind = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        List<String> rankedTables = new ArrayList<>();
        List<Sql> ranked = new ArrayList<>();
        List<Sql> older = new ArrayList<>();
        List<Sql> similar = new ArrayList<>();
        for (SearchResultType type : List.of(SearchResultType.ARTICLE, SearchResultType.STATEMENT, SearchResultType.SPEAKER)) {
            if (!types.contains(type)) {
                continue;
            }
            Kind kind = kind(type);
            String rankedTable = "ranked_" + (kind.ordinal() + 1);
            kinds.add(kind);
            rankedTables.add(rankedTable);
            rankedPerKind.add(Sql.text(rankedTable + " as materialized (").then(SearchSql.ranked(kind, SearchSql.QUERY))
                    .then(")"));
            String notRanked = "not exists (select 1 from ranked_hits x where x.kind = " + (kind.ordinal() + 1) + " and x.id = t.id)";
            ranked.add(branch(type, Sql.text(SearchSql.rankedRows(kind, rankedTable)), narrowed));
            older.add(branch(type, SearchSql.olderRows(kind, SearchSql.QUERY, notRanked), narrowed));
            similar.add(branch(type, SearchSql.similarRows(kind, fewExact, SearchSql.QUERY, SearchSql.ALIKE), narrowed));
        }
        return Sql.text("with ").then(SearchSql.sharedQuery(query)).then(", ").then(Sql.join(rankedPerKind, ", "))
                .then(", few_exact as materialized (select " + SearchSql.fewVisible(kinds, rankedTables) + " as few), ")
                .then("ranked_hits as materialized (").then(Sql.join(ranked, " union all ")).then("), ")
                .then("older_hits as not materialized (").then(Sql.join(older, " union all ")).then("), ")
                .then("similar_hits as (").then(Sql.join(similar, " union all ")).then("), ")
                .then("hits as not materialized (select kind, id, score from ranked_hits union all select kind, id, score"
                        + " from older_hits union all select kind, id, score from similar_hits)");
    }

    /** The hits of one kind among the rows of {@code source} (every column plus search_score), filtered. */
    private static Sql branch(SearchResultType type, Sql source, Narrowed narrowed) {
        Sql.Builder sql = Sql.builder();
        switch (type) {
            case ARTICLE -> {
                sql.text("select 1 as kind, a.id as id, a.search_score as score from ").append(source)
                        .text(" a where " + PublicArticles.PUBLIC);
                // the conditions of articles(filter), over the same alias
                if (narrowed.language() != null) {
                    sql.text(" and ").append(ArticleQueries.languageCondition(narrowed.language()));
                }
                if (narrowed.country() != null) {
                    sql.text(" and ").append(ArticleQueries.countryCondition(narrowed.country()));
                }
                if (narrowed.speaker() != null) {
                    sql.text(" and ").append(ArticleQueries.speakerCondition(narrowed.speaker()));
                }
                dates(sql, narrowed, "a");
            }
            case STATEMENT -> {
                sql.text("select 2 as kind, s.id as id, s.search_score as score from ").append(source)
                        .text(" s join article a on a.id = s.article_id where " + PublicArticles.PUBLIC);
                // the article's language, then the conditions of statements(filter), over the same aliases
                if (narrowed.language() != null) {
                    sql.text(" and ").append(ArticleQueries.languageCondition(narrowed.language()));
                }
                if (narrowed.country() != null) {
                    sql.text(" and ").append(StatementQueries.countryCondition(narrowed.country()));
                }
                if (narrowed.speaker() != null) {
                    sql.text(" and ").append(StatementQueries.speakerCondition(narrowed.speaker()));
                }
                dates(sql, narrowed, "a");
            }
            default -> {
                sql.text("select 3 as kind, sp.id as id, sp.search_score as score from ").append(source)
                        .text(" sp where true");
                if (narrowed.language() != null) {
                    sql.text(" and (sp.name_language = ").value(narrowed.language())
                            .text(" or sp.name_language like ").value(narrowed.language() + "-%").text(")");
                }
                if (narrowed.country() != null) {
                    sql.text(" and sp.country_code = ").value(narrowed.country());
                }
                if (narrowed.speaker() != null) {
                    sql.text(" and sp.id = ").value(narrowed.speaker());
                }
                if (narrowed.publishedFrom() != null || narrowed.publishedBefore() != null) {
                    sql.text(" and exists (select 1 from statement qs join article qa on qa.id = qs.article_id "
                            + "where qs.speaker_id = sp.id and " + PublicArticles.publicCondition("qa"));
                    dates(sql, narrowed, "qa");
                    sql.text(")");
                }
            }
        }
        return sql.build();
    }

    private static Kind kind(SearchResultType type) {
        return switch (type) {
            case ARTICLE -> Kind.ARTICLE;
            case STATEMENT -> Kind.STATEMENT;
            case SPEAKER -> Kind.SPEAKER;
        };
    }

    private static void dates(Sql.Builder sql, Narrowed narrowed, String alias) {
        if (narrowed.publishedFrom() != null) {
            sql.text(" and " + alias + ".first_published_at >= ").value(narrowed.publishedFrom());
        }
        if (narrowed.publishedBefore() != null) {
            sql.text(" and " + alias + ".first_published_at < ").value(narrowed.publishedBefore());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    record Position(double score, int kind, long id) {

        List<Object> values() {
            return List.of(score, kind, id);
        }
    }

    /** Cursors carry the position and a fingerprint of the query, so one query's cursor cannot page another. */
    private static String encode(String fingerprint, Position position) {
        String payload = "search~" + fingerprint + "~" + position.score() + "~" + position.kind() + "~" + position.id();
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static Position decode(String cursor, String fingerprint) {
        String[] parts;
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException();
            }
            parts = new String(DECODER.decode(cursor), StandardCharsets.UTF_8).split("~", -1);
            if (parts.length != 5 || !parts[0].equals("search")) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badInput("The 'after' cursor is malformed: pass a cursor exactly as this search returned it.");
        }
        if (!parts[1].equals(fingerprint)) {
            throw ApiException.badInput("The 'after' cursor belongs to another search; use a cursor from this one.");
        }
        try {
            Position position = new Position(Double.parseDouble(parts[2]), Integer.parseInt(parts[3]),
                    Long.parseLong(parts[4]));
            if (position.kind() < 1 || position.kind() > 3 || !Double.isFinite(position.score())) {
                throw new NumberFormatException();
            }
            return position;
        } catch (NumberFormatException e) {
            throw ApiException.badInput("The 'after' cursor is malformed: pass a cursor exactly as this search returned it.");
        }
    }

    private static String fingerprint(String query) {
        return Integer.toHexString(Normalizer.normalize(query).hashCode());
    }
}
