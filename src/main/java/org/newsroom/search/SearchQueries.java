package org.newsroom.search;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.newsroom.country.CountryCatalog;
import org.newsroom.fulltext.Normalizer;
import org.newsroom.fulltext.SearchSql;
import org.newsroom.fulltext.SearchSql.Kind;
import org.newsroom.fulltext.SearchText;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.PageArgs;
import org.newsroom.language.Languages;
import org.newsroom.speaker.Speaker;
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
     * A page of a search as SQL, before it runs: the WITH clause defining {@code hits} (kind, id,
     * score: every hit, for totalCount; pages read its parts {@code ranked_hits}, {@code older_hits} and
     * {@code similar_hits}) and the condition that starts the page after a cursor, each with its named parameters.
     * Bad input (the query, the page size, the cursor, the filter) is refused here, as ApiException.
     */
    public record Plan(String query, String fingerprint, int size, boolean afterGiven, String hits,
            Map<String, Object> hitsParameters, String afterCondition, Map<String, Object> afterParameters) {

        /**
         * The page's hits from {@code hits}, one more than its size (to tell whether another page
         * follows), best first; its marks take {@link #afterParameters}.
         */
        public String page() {
            // the older matches of frequent words (GIN) only when the ranked ones after the cursor do not fill the page
            return "select kind, id, score from (select kind, id, score from ranked_hits union all select kind, id, score from older_hits"
                    + " where (select count(*) from (select 1 from ranked_hits" + afterCondition + " limit " + (size + 1)
                    + ") enough) <= " + size + " union all select kind, id, score from similar_hits) h" + afterCondition
                    + " order by score desc, kind, id limit " + (size + 1);
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
            Map<String, Object> newHitsParameters = new LinkedHashMap<>(hitsParameters);
            newHitsParameters.put("query", newQuery);
            Map<String, Object> newAfterParameters = new LinkedHashMap<>();
            if (after != null) {
                Position position = decode(after, newFingerprint);
                newAfterParameters.put("afterScore", position.score());
                newAfterParameters.put("afterKind", position.kind());
                newAfterParameters.put("afterId", position.id());
            }
            return new Plan(newQuery, newFingerprint, size, afterGiven, hits, newHitsParameters, afterCondition,
                    newAfterParameters);
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
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("query", query);
        String hits = hits(filter, parameters);
        String afterCondition = "";
        Map<String, Object> afterParameters = new LinkedHashMap<>();
        if (after != null) {
            Position position = decode(after, fingerprint);
            afterCondition = " where (score < :afterScore or (score = :afterScore and (kind, id) > (:afterKind, :afterId)))";
            afterParameters.put("afterScore", position.score());
            afterParameters.put("afterKind", position.kind());
            afterParameters.put("afterId", position.id());
        }
        return new Plan(query, fingerprint, page.size(), after != null, hits, parameters, afterCondition,
                afterParameters);
    }

    /**
     * A WITH clause defining {@code hits}: the union of the hits of every kind the filter allows,
     * each with kind (1, 2, 3), id and score.
     */
    private String hits(SearchFilter filter, Map<String, Object> parameters) {
        Set<SearchResultType> types = filter == null || filter.types == null || filter.types.isEmpty()
                ? EnumSet.allOf(SearchResultType.class) : EnumSet.copyOf(filter.types);
        String language = null;
        String country = null;
        Long speaker = null;
        if (filter != null) {
            if (filter.language != null) {
                language = Languages.parse(filter.language).toLanguageTag();
                parameters.put("language", language);
                parameters.put("languagePrefix", language + "-%");
            }
            if (filter.country != null) {
                country = countries.requireCode(filter.country);
                parameters.put("country", country);
            }
            if (filter.speaker != null) {
                speaker = GlobalId.numericKey(filter.speaker, Speaker.TYPE);
                parameters.put("speaker", speaker);
            }
            if (filter.publishedFrom != null) {
                parameters.put("publishedFrom", utc(filter.publishedFrom));
            }
            if (filter.publishedBefore != null) {
                parameters.put("publishedBefore", utc(filter.publishedBefore));
            }
        }
        String dates = dates(filter, "a");
        // typo tolerance when the search as a whole finds little, not for each kind that finds little;
        // decided once for all kinds, on their visible ranked matches (when there are older ones, 150 are ranked)
        String fewExact = "(select few from few_exact)";
        List<String> rankedPerKind = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        List<String> rankedTables = new ArrayList<>();
        List<String> ranked = new ArrayList<>();
        List<String> older = new ArrayList<>();
        List<String> similar = new ArrayList<>();
        for (SearchResultType type : List.of(SearchResultType.ARTICLE, SearchResultType.STATEMENT, SearchResultType.SPEAKER)) {
            if (!types.contains(type)) {
                continue;
            }
            Kind kind = kind(type);
            String rankedTable = "ranked_" + (kind.ordinal() + 1);
            kinds.add(kind);
            rankedTables.add(rankedTable);
            rankedPerKind.add(rankedTable + " as materialized (" + SearchSql.ranked(kind, SearchSql.QUERY) + ")");
            String notRanked = "not exists (select 1 from ranked_hits x where x.kind = " + (kind.ordinal() + 1) + " and x.id = t.id)";
            ranked.add(branch(type, SearchSql.rankedRows(kind, rankedTable), language, country, speaker, filter, dates));
            older.add(branch(type, SearchSql.olderRows(kind, SearchSql.QUERY, notRanked), language, country, speaker, filter, dates));
            similar.add(branch(type, SearchSql.similarRows(kind, fewExact, SearchSql.QUERY, SearchSql.ALIKE), language, country,
                    speaker, filter, dates));
        }
        return "with " + SearchSql.SHARED_QUERY + ", " + String.join(", ", rankedPerKind) + ", "
                + "few_exact as materialized (select " + SearchSql.fewVisible(kinds, rankedTables) + " as few), "
                + "ranked_hits as materialized (" + String.join(" union all ", ranked) + "), "
                + "older_hits as not materialized (" + String.join(" union all ", older) + "), "
                + "similar_hits as (" + String.join(" union all ", similar) + "), "
                + "hits as not materialized (select kind, id, score from ranked_hits union all select kind, id, score from older_hits "
                + "union all select kind, id, score from similar_hits)";
    }

    /** The hits of one kind among the rows of {@code source} (every column plus search_score), filtered. */
    private static String branch(SearchResultType type, String source, String language, String country, Long speaker,
            SearchFilter filter, String dates) {
        StringBuilder sql;
        switch (type) {
            case ARTICLE -> {
                sql = new StringBuilder("select 1 as kind, a.id as id, a.search_score as score from " + source + " a where "
                        + PublicArticles.PUBLIC);
                if (language != null) {
                    sql.append(" and (a.language = :language or a.language like :languagePrefix)");
                }
                if (country != null) {
                    sql.append(" and exists (select 1 from article_country ac where ac.article_id = a.id "
                            + "and ac.country_code = :country)");
                }
                if (speaker != null) {
                    sql.append(" and exists (select 1 from statement fs where fs.article_id = a.id "
                            + "and fs.speaker_id = :speaker)");
                }
                sql.append(dates);
            }
            case STATEMENT -> {
                sql = new StringBuilder("select 2 as kind, s.id as id, s.search_score as score from " + source
                        + " s join article a on a.id = s.article_id where " + PublicArticles.PUBLIC);
                if (language != null) {
                    sql.append(" and (a.language = :language or a.language like :languagePrefix)");
                }
                if (country != null) {
                    sql.append(" and exists (select 1 from statement_country sc where sc.statement_id = s.id "
                            + "and sc.country_code = :country)");
                }
                if (speaker != null) {
                    sql.append(" and s.speaker_id = :speaker");
                }
                sql.append(dates);
            }
            default -> {
                sql = new StringBuilder("select 3 as kind, sp.id as id, sp.search_score as score from " + source + " sp where true");
                if (language != null) {
                    sql.append(" and (sp.name_language = :language or sp.name_language like :languagePrefix)");
                }
                if (country != null) {
                    sql.append(" and sp.country_code = :country");
                }
                if (speaker != null) {
                    sql.append(" and sp.id = :speaker");
                }
                String quotedDates = dates(filter, "qa");
                if (!quotedDates.isEmpty()) {
                    sql.append(" and exists (select 1 from statement qs join article qa on qa.id = qs.article_id "
                            + "where qs.speaker_id = sp.id and " + PublicArticles.publicCondition("qa")).append(quotedDates).append(')');
                }
            }
        }
        return sql.toString();
    }

    private static Kind kind(SearchResultType type) {
        return switch (type) {
            case ARTICLE -> Kind.ARTICLE;
            case STATEMENT -> Kind.STATEMENT;
            case SPEAKER -> Kind.SPEAKER;
        };
    }

    private static String dates(SearchFilter filter, String alias) {
        StringBuilder sql = new StringBuilder();
        if (filter != null && filter.publishedFrom != null) {
            sql.append(" and ").append(alias).append(".first_published_at >= :publishedFrom");
        }
        if (filter != null && filter.publishedBefore != null) {
            sql.append(" and ").append(alias).append(".first_published_at < :publishedBefore");
        }
        return sql.toString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    record Position(double score, int kind, long id) {
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
