package org.newsroom.compiled;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.newsroom.article.Article;
import org.newsroom.article.ArticleQueries;
import org.newsroom.country.CountryCatalog;
import org.newsroom.country.CountryNameIndex;
import org.newsroom.country.CountryQueries;
import org.newsroom.db.Sql;
import org.newsroom.fulltext.SearchSql;
import org.newsroom.fulltext.SearchText;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.TextPatterns;
import org.newsroom.language.Languages;
import org.newsroom.speaker.Speaker;
import org.newsroom.speaker.SpeakerQueries;
import org.newsroom.statement.StatementKind;
import org.newsroom.statement.StatementQueries;
import org.newsroom.visibility.PublicArticles;

/**
 * Query.countries, Query.speakers, Query.articles(filter) and Query.statements as listings: their
 * filters and orders applied as the interpreter's CountryQueries, SpeakerQueries, ArticleQueries and
 * StatementQueries apply them, with the same conditions, sort keys and cursor names. A value they
 * refuse is the field's refusal (OperationCompiler: each *Queries.requireFilter), so these lists are
 * only written for values they take (anything else here is NotCompilable); a search's listing is
 * ReadModel's (searchedArticles, searchedSpeakers).
 */
final class QueryLists {

    private QueryLists() {
    }

    /**
     * How a filter's field becomes a parameter: {@code asParameter} applied to its value, or a
     * placeholder that applies it to each request's value where a bound variable gives the field.
     */
    interface FilterValues {
        Object parameter(String filterField, Object value, Function<Object, Object> asParameter);
    }

    /** Query.countries(filter): by alpha-2 code; a name prefix keeps the codes CountryNameIndex finds. */
    static ReadModel.Listing countries(Object filter, FilterValues values, CountryNameIndex names) {
        List<Sql> conditions = new ArrayList<>();
        for (Map.Entry<?, ?> entry : fields(filter, "countries filter").entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            if (!entry.getKey().equals("namePrefix")) {
                throw new NotCompilable("countries filter " + entry.getKey());
            }
            Object codes = values.parameter("namePrefix", entry.getValue(),
                    prefix -> names.codesByNamePrefix(checkedPrefix(prefix)).toArray(String[]::new));
            conditions.add(Sql.text("c.alpha2 = any(").then(Sql.value(codes)).then("::text[])"));
        }
        return new ReadModel.Listing(CountryQueries.ORDERING, "Country", "country c", "c", ofRoot(conditions),
                CountryQueries.BY_CODE, false);
    }

    /**
     * Query.speakers(filter, orderBy): by Latin name; the filter's country, kind and name prefix as
     * conditions. With a {@code query}, the speakers that match it (ReadModel.searchedSpeakers), by
     * relevance unless an orderBy is given. A country is planned once the catalog that checks it
     * is in memory (reading it is not for an event loop: CompiledAnswers reads it first).
     */
    static ReadModel.Listing speakers(Object filter, FilterValues values, Object orderBy, CountryCatalog catalog) {
        boolean descending = false;
        for (Map.Entry<?, ?> entry : fields(orderBy, "speakers orderBy").entrySet()) {
            Object value = entry.getValue();
            switch (entry.getKey().toString()) {
                case "direction" -> descending = value != null && value.toString().equals("DESC");
                case "field" -> {
                    if (value != null && !value.toString().equals("LATIN_NAME")) {
                        throw new NotCompilable("speakers order " + value);
                    }
                }
                default -> throw new NotCompilable("speakers orderBy " + entry.getKey());
            }
        }
        List<Sql> conditions = new ArrayList<>();
        for (Map.Entry<?, ?> entry : fields(filter, "speakers filter").entrySet()) {
            Object value = entry.getValue();
            if (value == null) {
                continue;
            }
            switch (entry.getKey().toString()) {
                case "country" -> conditions.add(SpeakerQueries.countryCondition(countryCode(value, catalog)));
                case "kind" -> conditions.add(SpeakerQueries.kindCondition(value.toString()));
                case "namePrefix" -> conditions.add(SpeakerQueries.namePrefixCondition(values.parameter("namePrefix",
                        value, prefix -> checkedPrefix(prefix).strip())));
                case "query" -> {
                    // the listing's rows take it (searchQuery, ReadModel.searchedSpeakers)
                }
                default -> throw new NotCompilable("speakers filter " + entry.getKey());
            }
        }
        String query = searchQuery(filter);
        if (query != null) {
            return ReadModel.searchedSpeakers(query, orderBy == null, descending, ofRoot(conditions));
        }
        return new ReadModel.Listing(SpeakerQueries.BY_LATIN_NAME_ORDERING, "Speaker", "speaker s", "s",
                ofRoot(conditions), SpeakerQueries.BY_LATIN_NAME, descending);
    }

    /**
     * Query.articles(filter): the listing of the filter's status (OperationCompiler.articles),
     * narrowed by language, country, quoted speaker and publication time with ArticleQueries' own
     * conditions (with a {@code query}, these narrow ReadModel.searchedArticles' rows).
     */
    static ReadModel.Listing articles(ReadModel.Listing published, Object filter, CountryCatalog catalog) {
        List<Sql> conditions = new ArrayList<>();
        for (Map.Entry<?, ?> entry : fields(filter, "articles filter").entrySet()) {
            Object value = entry.getValue();
            if (value == null) {
                continue;
            }
            switch (entry.getKey().toString()) {
                case "status" -> {
                    // the listing's own condition (OperationCompiler.articles checks who may ask which)
                }
                case "language" -> {
                    String language;
                    try {
                        language = Languages.parse(text(value, "language")).toLanguageTag();
                    } catch (RuntimeException refused) {
                        throw new NotCompilable("articles filter language");
                    }
                    conditions.add(ArticleQueries.languageCondition(language));
                }
                case "country" -> conditions.add(ArticleQueries.countryCondition(countryCode(value, catalog)));
                case "speaker" -> conditions.add(ArticleQueries.speakerCondition(numericKey(value, Speaker.TYPE)));
                case "query" -> {
                    // the listing's rows take it (searchQuery, ReadModel.searchedArticles)
                }
                case "publishedFrom" -> conditions.add(ArticleQueries.publishedFromCondition(utc(value)));
                case "publishedBefore" -> conditions.add(ArticleQueries.publishedBeforeCondition(utc(value)));
                default -> throw new NotCompilable("articles filter " + entry.getKey());
            }
        }
        return published.where(ofRoot(conditions));
    }

    /**
     * Query.statements(filter, orderBy): statements of public articles, for every viewer (editors
     * too), newest article first unless the order asks for the oldest; the filter's speaker,
     * article, country and kinds as StatementQueries' conditions. With a {@code query}, the
     * statements that match it (SearchSql.rows), by relevance unless an orderBy is given.
     */
    static ReadModel.Listing statements(Object filter, Object orderBy, CountryCatalog catalog) {
        boolean descending = true;
        for (Map.Entry<?, ?> entry : fields(orderBy, "statements orderBy").entrySet()) {
            Object value = entry.getValue();
            switch (entry.getKey().toString()) {
                case "direction" -> descending = value == null || !value.toString().equals("ASC");
                case "field" -> {
                    if (value != null && !value.toString().equals("PUBLISHED_AT")) {
                        throw new NotCompilable("statements order " + value);
                    }
                }
                default -> throw new NotCompilable("statements orderBy " + entry.getKey());
            }
        }
        List<Sql> conditions = new ArrayList<>(List.of(Sql.text(PublicArticles.PUBLIC)));
        boolean ofOneSpeaker = false;
        for (Map.Entry<?, ?> entry : fields(filter, "statements filter").entrySet()) {
            Object value = entry.getValue();
            if (value == null) {
                continue;
            }
            switch (entry.getKey().toString()) {
                case "speaker" -> {
                    conditions.add(StatementQueries.speakerCondition(numericKey(value, Speaker.TYPE)));
                    ofOneSpeaker = true;
                }
                case "article" -> conditions.add(StatementQueries.articleCondition(numericKey(value, Article.TYPE)));
                case "country" -> conditions.add(StatementQueries.countryCondition(countryCode(value, catalog)));
                case "kind" -> {
                    if (!(value instanceof List<?> kinds)) {
                        throw new NotCompilable("statements filter kind");
                    }
                    if (!kinds.isEmpty()) {
                        List<Sql> names = new ArrayList<>(kinds.size());
                        for (Object kind : kinds) {
                            names.add(Sql.value(kindName(kind)));
                        }
                        conditions.add(Sql.text("s.kind in (").then(Sql.join(names, ", ")).then(")"));
                    }
                }
                case "query" -> {
                    // the listing's rows take it
                }
                default -> throw new NotCompilable("statements filter " + entry.getKey());
            }
        }
        String query = searchQuery(filter);
        if (query == null) {
            return new ReadModel.Listing(StatementQueries.NEWEST_ORDERING, "Statement", StatementQueries.FROM, "s",
                    ofRoot(conditions), ofOneSpeaker ? StatementQueries.SPEAKER_NEWEST : StatementQueries.NEWEST,
                    descending);
        }
        Sql from = SearchSql.rows(SearchSql.Kind.STATEMENT, query)
                .then(StatementQueries.SEARCHED_FROM);
        if (orderBy == null) {
            return new ReadModel.Listing(StatementQueries.BY_RELEVANCE_ORDERING, "Statement", from, "s",
                    ofRoot(conditions), StatementQueries.BY_RELEVANCE, true);
        }
        return new ReadModel.Listing(StatementQueries.SEARCHED_NEWEST_ORDERING, "Statement", from, "s",
                ofRoot(conditions), StatementQueries.NEWEST, descending);
    }

    /** A statement kind as the interpreter binds it: its name, one of StatementKind's. */
    private static String kindName(Object kind) {
        try {
            return StatementKind.valueOf(String.valueOf(kind)).name();
        } catch (IllegalArgumentException unknown) {
            throw new NotCompilable("statements filter kind " + kind);
        }
    }

    /** The numeric key of an ID filter, which must name an object of the type; the interpreter reports one it refuses. */
    private static long numericKey(Object value, String type) {
        try {
            return GlobalId.numericKey(text(value, type + " ID"), type);
        } catch (RuntimeException malformed) {
            throw new NotCompilable("filter " + type + " ID");
        }
    }

    /** An articles or speakers filter's {@code query} as the interpreter checks it (SearchText), null without one. */
    static String searchQuery(Object filter) {
        Object value = fields(filter, "filter").get("query");
        if (value == null) {
            return null;
        }
        try {
            return SearchText.require("filter.query", text(value, "query"));
        } catch (RuntimeException refused) {
            throw new NotCompilable("filter query"); // refused before: the planned refusals
        }
    }

    /** Conditions of a root listing (which has no parent row). */
    private static List<ReadModel.OfRow> ofRoot(List<Sql> conditions) {
        List<ReadModel.OfRow> ofRoot = new ArrayList<>(conditions.size());
        for (Sql condition : conditions) {
            ofRoot.add(parent -> condition);
        }
        return List.copyOf(ofRoot);
    }

    private static String text(Object value, String what) {
        if (!(value instanceof String text)) {
            throw new NotCompilable("articles filter " + what);
        }
        return text;
    }

    /** A DateTime argument as ArticleQueries binds it: at UTC. */
    private static OffsetDateTime utc(Object value) {
        return OffsetDateTime.ofInstant(instant(value, "articles filter time"), ZoneOffset.UTC);
    }

    /**
     * A DateTime argument as graphql-java hands it over: an ISO-8601 text with an offset, or a
     * java.time value; anything else the interpreter decides.
     */
    static Instant instant(Object value, String what) {
        Instant instant = instantOrNull(value);
        if (instant == null) {
            throw new NotCompilable(what + " " + value); // refused before: OperationCompiler.unconvertible
        }
        return instant;
    }

    /** The instant a DateTime argument names; null for a value of another form (or none). */
    static Instant instantOrNull(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException unparsed) {
                return null;
            }
        }
        return null;
    }

    /**
     * The alpha-2 code of a country filter as CountryCatalog.requireCode gives it, once the catalog
     * is in memory (reading it is not for an event loop); an unknown code the interpreter reports.
     */
    private static String countryCode(Object value, CountryCatalog catalog) {
        if (!catalog.isLoaded()) {
            throw NotCompilable.forNow("a country filter before the catalog is read");
        }
        if (!(value instanceof String code)) {
            throw new NotCompilable("country filter");
        }
        try {
            return catalog.requireCode(code);
        } catch (RuntimeException unknown) {
            throw new NotCompilable("country filter " + code);
        }
    }

    /** A prefix the interpreter accepts (TextPatterns); one it refuses it reports. */
    private static String checkedPrefix(Object value) {
        if (!(value instanceof String prefix)) {
            throw new NotCompilable("namePrefix");
        }
        try {
            TextPatterns.escapedPrefix("namePrefix", prefix);
        } catch (RuntimeException refused) {
            throw new NotCompilable("namePrefix");
        }
        return prefix;
    }

    private static Map<?, ?> fields(Object input, String what) {
        if (input == null) {
            return Map.of();
        }
        if (!(input instanceof Map<?, ?> fields)) {
            throw new NotCompilable(what);
        }
        return fields;
    }
}
