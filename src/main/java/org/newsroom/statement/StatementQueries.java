package org.newsroom.statement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import org.newsroom.article.Article;
import org.newsroom.country.CountryCatalog;
import org.newsroom.db.Sql;
import org.newsroom.fulltext.SearchText;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.Rows;
import org.newsroom.graphql.SortKey;
import org.newsroom.speaker.Speaker;

@ApplicationScoped
public class StatementQueries {

    /** Statements are as visible as the articles that report them. */
    public static final String FROM = "statement s join article a on a.id = s.article_id";
    /** A search's matching statements (SearchSql.rows aliased s) with their articles. */
    public static final String SEARCHED_FROM = " s join article a on a.id = s.article_id";
    /** Newest article first, then by ID: the sort keys of Query.statements (of one speaker's: SPEAKER_NEWEST). */
    public static final List<SortKey> NEWEST = List.of(
            SortKey.of("a.first_published_at", SortKey.Type.TIMESTAMP), SortKey.of("s.id", SortKey.Type.LONG));
    /**
     * A speaker's statements in the same order: statement carries its article's publication time (V33),
     * so the index on (speaker_id, first_published_at, id) gives the order without a sort.
     */
    public static final List<SortKey> SPEAKER_NEWEST = List.of(
            SortKey.of("s.first_published_at", SortKey.Type.TIMESTAMP), SortKey.of("s.id", SortKey.Type.LONG));
    public static final String SPEAKER_NEWEST_ORDERING = "speakerStatements:publishedAt";
    /** A search's matches by relevance, best first, then by ID: the sort keys and the cursors' ordering name. */
    public static final List<SortKey> BY_RELEVANCE = List.of(SortKey.of("s.search_score", SortKey.Type.DOUBLE),
            SortKey.of("s.id", SortKey.Type.LONG));
    public static final String BY_RELEVANCE_ORDERING = "statements:relevance";
    /** The ordering names of Query.statements by publication, without and with a search. */
    public static final String NEWEST_ORDERING = "statements:publishedAt";
    public static final String SEARCHED_NEWEST_ORDERING = "searchedStatements:publishedAt";

    /** The filter's speaker over {@code statement s}. */
    public static Sql speakerCondition(long speakerId) {
        return Sql.text("s.speaker_id = ").then(Sql.value(speakerId));
    }

    /** The filter's article over {@code statement s}. */
    public static Sql articleCondition(long articleId) {
        return Sql.text("s.article_id = ").then(Sql.value(articleId));
    }

    /** The filter's country over {@code statement s}: an alpha-2 code. */
    public static Sql countryCondition(String alpha2) {
        return Sql.text("exists (select 1 from statement_country sc where sc.statement_id = s.id and sc.country_code = ")
                .then(Sql.value(alpha2)).then(")");
    }

    @Inject
    EntityManager em;

    /**
     * What statements(filter) refuses of a filter, in the order it reads it: the search words, the
     * speaker's and the article's IDs, the country (BAD_USER_INPUT each).
     */
    public static void requireFilter(StatementFilter filter, CountryCatalog countries) {
        if (filter == null) {
            return;
        }
        if (filter.query != null) {
            SearchText.require("filter.query", filter.query);
        }
        if (filter.speaker != null) {
            GlobalId.numericKey(filter.speaker, Speaker.TYPE);
        }
        if (filter.article != null) {
            GlobalId.numericKey(filter.article, Article.TYPE);
        }
        if (filter.country != null) {
            countries.requireCode(filter.country);
        }
    }

    /** The countries of each statement, by alpha-2 code in alphabetical order. */
    public Map<Long, List<String>> countryCodes(Collection<Long> statementIds) {
        Map<Long, List<String>> codes = new LinkedHashMap<>();
        if (statementIds.isEmpty()) {
            return codes;
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("select statement_id, country_code from statement_country "
                + "where statement_id in (:ids) order by country_code", Tuple.class)
                .setParameter("ids", statementIds).getResultList();
        for (Tuple row : rows) {
            codes.computeIfAbsent(Rows.longValue(row, "statement_id"), id -> new ArrayList<>())
                    .add(Rows.text(row, "country_code"));
        }
        return codes;
    }

}
