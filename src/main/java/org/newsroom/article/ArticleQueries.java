package org.newsroom.article;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import org.newsroom.country.CountryCatalog;
import org.newsroom.db.Sql;
import org.newsroom.fulltext.SearchText;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.Rows;
import org.newsroom.language.Languages;
import org.newsroom.speaker.Speaker;

@ApplicationScoped
public class ArticleQueries {

    static final String COLUMNS = "a.id, a.slug, a.language, a.direction, a.headline, a.body, a.status, "
            + "a.first_published_at, a.last_updated_at, a.attribution_source, "
            + "array_to_string(a.editorial_fields, ',') as editorial_fields, a.version, a.withdrawal_reason, "
            + "a.syndication_allowed, a.usage_terms, a.copyright_holder, a.embargo_until";

    @Inject
    EntityManager em;

    @Inject
    CountryCatalog countries;

    @Inject
    RightsConfig rights;

    /** The filter's language over {@code article a}: the tag, or a region of it ('ur' also matches 'ur-PK'). */
    public static Sql languageCondition(String languageTag) {
        return Sql.text("(a.language = ").then(Sql.value(languageTag)).then(" or a.language like ")
                .then(Sql.value(languageTag + "-%")).then(")");
    }

    /** The filter's country over {@code article a}: an alpha-2 code. */
    public static Sql countryCondition(String alpha2) {
        return Sql.text("exists (select 1 from article_country ac where ac.article_id = a.id and ac.country_code = ")
                .then(Sql.value(alpha2)).then(")");
    }

    /** The filter's quoted speaker over {@code article a}. */
    public static Sql speakerCondition(long speakerId) {
        return Sql.text("exists (select 1 from statement s where s.article_id = a.id and s.speaker_id = ")
                .then(Sql.value(speakerId)).then(")");
    }

    /** The filter's publishedFrom over {@code article a}. */
    public static Sql publishedFromCondition(OffsetDateTime from) {
        return Sql.text("a.first_published_at >= ").then(Sql.value(from));
    }

    /** The filter's publishedBefore over {@code article a}. */
    public static Sql publishedBeforeCondition(OffsetDateTime before) {
        return Sql.text("a.first_published_at < ").then(Sql.value(before));
    }

    /** Articles in a status other than published are listed for editors only (FORBIDDEN to anyone else). */
    public static void requireListable(ArticleStatus status, boolean editor) {
        if (status != ArticleStatus.PUBLISHED && !editor) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "Only published articles are public; " + status + " articles are for editors.");
        }
    }

    /**
     * What articles(filter) refuses of a filter, in the order it reads it (after the status): the
     * search words, the language, the country, the quoted speaker's ID (BAD_USER_INPUT each).
     */
    public static void requireFilter(ArticleFilter filter, CountryCatalog countries) {
        if (filter == null) {
            return;
        }
        if (filter.query != null) {
            SearchText.require("filter.query", filter.query);
        }
        if (filter.language != null) {
            Languages.parse(filter.language);
        }
        if (filter.country != null) {
            countries.requireCode(filter.country);
        }
        if (filter.speaker != null) {
            GlobalId.numericKey(filter.speaker, Speaker.TYPE);
        }
    }

    /** The countries of each article, by alpha-2 code in alphabetical order. */
    public Map<Long, List<String>> countryCodes(Collection<Long> articleIds) {
        Map<Long, List<String>> codes = new LinkedHashMap<>();
        if (articleIds.isEmpty()) {
            return codes;
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("select article_id, country_code from article_country "
                + "where article_id in (:ids) order by country_code", Tuple.class)
                .setParameter("ids", articleIds).getResultList();
        for (Tuple row : rows) {
            codes.computeIfAbsent(Rows.longValue(row, "article_id"), id -> new ArrayList<>())
                    .add(Rows.text(row, "country_code"));
        }
        return codes;
    }

    /**
     * An article from the values of {@link #COLUMNS} by column name (timestamps as Instant), as
     * another read of the same row has them (the compiled read path's plans).
     */
    public Article fromColumns(Map<String, Object> columns) {
        return map(columns::get);
    }

    private Article map(Function<String, Object> column) {
        String editorial = (String) column.apply("editorial_fields");
        List<ArticleField> additions = editorial == null || editorial.isEmpty() ? List.of()
                : Arrays.stream(editorial.split(",")).map(ArticleField::valueOf).toList();
        return new Article(((Number) column.apply("id")).longValue(), (String) column.apply("slug"),
                (String) column.apply("language"), TextDirection.valueOf((String) column.apply("direction")),
                (String) column.apply("headline"), (String) column.apply("body"),
                ArticleStatus.valueOf((String) column.apply("status")), instant(column.apply("first_published_at")),
                instant(column.apply("last_updated_at")), (String) column.apply("attribution_source"), additions,
                ((Number) column.apply("version")).longValue(), (String) column.apply("withdrawal_reason"),
                new ArticleRights(Boolean.TRUE.equals(column.apply("syndication_allowed")),
                        (String) column.apply("usage_terms"), (String) column.apply("copyright_holder"),
                        rights.copyrightHolder()),
                instant(column.apply("embargo_until")));
    }

    private static Instant instant(Object value) {
        return value == null ? null : Rows.instant(value);
    }
}
