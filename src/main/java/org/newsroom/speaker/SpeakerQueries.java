package org.newsroom.speaker;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import org.newsroom.country.CountryCatalog;
import org.newsroom.db.Sql;
import org.newsroom.fulltext.SearchSql;
import org.newsroom.fulltext.SearchText;
import org.newsroom.graphql.Rows;
import org.newsroom.graphql.SortKey;
import org.newsroom.graphql.TextPatterns;

@ApplicationScoped
public class SpeakerQueries {

    static final String COLUMNS = "s.id, s.kind, s.name, s.name_language, s.latin_name, s.role, s.affiliation, "
            + "s.country_code, s.wikidata_qid, s.version";
    /** Speakers by Latin name in code point order, then by ID: the sort keys and the cursors' ordering name. */
    public static final List<SortKey> BY_LATIN_NAME = List.of(
            SortKey.of("(s.latin_name collate \"C\")", SortKey.Type.TEXT),
            SortKey.of("s.id", SortKey.Type.LONG));
    public static final String BY_LATIN_NAME_ORDERING = "speakers:latinName";
    /** A search's matches (SearchSql.rows aliased s) by relevance, best first, then by ID: the sort keys and ordering name. */
    public static final List<SortKey> BY_RELEVANCE = List.of(
            SortKey.of("s.search_score", SortKey.Type.DOUBLE),
            SortKey.of("s.id", SortKey.Type.LONG));
    public static final String BY_RELEVANCE_ORDERING = "speakers:relevance";

    /** The filter's country over {@code speaker s}: an alpha-2 code. */
    public static Sql countryCondition(String alpha2) {
        return Sql.text("s.country_code = ").then(Sql.value(alpha2));
    }

    /** The filter's kind over {@code speaker s}: a SpeakerKind's name. */
    public static Sql kindCondition(String kind) {
        return Sql.text("s.kind = ").then(Sql.value(kind));
    }

    /**
     * The filter's name prefix over {@code speaker s}: names that start with it, or a word of which
     * does. The prefix (a value, or a placeholder bound per request) is normalised in SQL, as the
     * stored names are, before it is escaped.
     */
    public static Sql namePrefixCondition(Object prefix) {
        return Sql.text("(s.search_text like ").then(prefixPattern(prefix)).then(" || '%' or s.search_text like '% ' || ")
                .then(prefixPattern(prefix)).then(" || '%')");
    }

    private static Sql prefixPattern(Object prefix) {
        return Sql.text("replace(replace(replace(search_normalize(").then(Sql.value(prefix))
                .then("), '\\', '\\\\'), '%', '\\%'), '_', '\\_')");
    }

    @Inject
    EntityManager em;

    /**
     * What speakers(filter) refuses of a filter, in the order it reads it: the search words, the
     * country, the name prefix (BAD_USER_INPUT each).
     */
    public static void requireFilter(SpeakerFilter filter, CountryCatalog countries) {
        if (filter == null) {
            return;
        }
        if (filter.query != null) {
            SearchText.require("filter.query", filter.query);
        }
        if (filter.country != null) {
            countries.requireCode(filter.country);
        }
        if (filter.namePrefix != null) {
            TextPatterns.escapedPrefix("namePrefix", filter.namePrefix);
        }
    }

    public Map<Long, Speaker> byIds(Collection<Long> ids) {
        Map<Long, Speaker> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("select " + COLUMNS + " from speaker s where s.id in (:ids)",
                Tuple.class).setParameter("ids", ids).getResultList();
        for (Tuple row : rows) {
            Speaker speaker = map(row);
            found.put(speaker.databaseId(), speaker);
        }
        return found;
    }

    static Speaker map(Tuple row) {
        return new Speaker(Rows.longValue(row, "id"), SpeakerKind.valueOf(Rows.text(row, "kind")),
                Rows.text(row, "name"), Rows.text(row, "name_language"), Rows.text(row, "latin_name"),
                Rows.text(row, "role"), Rows.text(row, "affiliation"), Rows.text(row, "country_code"),
                Rows.text(row, "wikidata_qid"), Rows.longValue(row, "version"));
    }
}
