package org.newsroom.compiled;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.newsroom.article.ArticleQueries;
import org.newsroom.country.CountryCatalog;
import org.newsroom.country.CountryNameIndex;
import org.newsroom.country.CountryQueries;
import org.newsroom.fulltext.SearchText;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.TextPatterns;
import org.newsroom.language.Languages;
import org.newsroom.speaker.Speaker;
import org.newsroom.speaker.SpeakerQueries;

/**
 * Query.countries, Query.speakers and Query.articles(filter) as listings: their filters and orders applied as the
 * interpreter's CountryQueries, SpeakerQueries and ArticleQueries apply them, with the same conditions, sort keys
 * and cursor names. Whatever the interpreter would refuse (an empty or long prefix, an unknown
 * country code) or answers otherwise (a search, ranked by relevance) is NotCompilable.
 */
final class QueryLists {

    /** A listing whose conditions carry named marks ({@code :name}) and the values they take. */
    record Filtered(ReadModel.Listing listing, Map<String, Object> parameters) {
    }

    private QueryLists() {
    }

    /** Query.countries(filter): by alpha-2 code; a name prefix keeps the codes CountryNameIndex finds. */
    static Filtered countries(Object filter, CountryNameIndex names) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : fields(filter, "countries filter").entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            if (!entry.getKey().equals("namePrefix")) {
                throw new NotCompilable("countries filter " + entry.getKey());
            }
            String prefix = checkedPrefix(entry.getValue());
            Set<String> codes = names.codesByNamePrefix(prefix);
            if (codes.isEmpty()) {
                conditions.add("false");
                continue;
            }
            List<String> marks = new ArrayList<>(codes.size());
            for (String code : codes) {
                String mark = "code_" + marks.size();
                marks.add(":" + mark);
                parameters.put(mark, code);
            }
            conditions.add("c.alpha2 in (" + String.join(", ", marks) + ")");
        }
        return new Filtered(new ReadModel.Listing(CountryQueries.ORDERING, "Country", "country c", "c", conditions,
                CountryQueries.BY_CODE, false), parameters);
    }

    /**
     * Query.speakers(filter, orderBy): by Latin name; the filter's country, kind and name prefix as
     * conditions. A {@code query} (ranked by relevance) stays with the interpreter, and so does a
     * country until the catalog that checks it is in memory (reading it is not for an event loop).
     */
    static Filtered speakers(Object filter, Object orderBy, CountryCatalog catalog) {
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
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : fields(filter, "speakers filter").entrySet()) {
            Object value = entry.getValue();
            if (value == null) {
                continue;
            }
            switch (entry.getKey().toString()) {
                case "country" -> {
                    parameters.put("country", countryCode(value, catalog));
                    conditions.add(SpeakerQueries.COUNTRY_CONDITION);
                }
                case "kind" -> {
                    parameters.put("kind", value.toString());
                    conditions.add(SpeakerQueries.KIND_CONDITION);
                }
                case "namePrefix" -> {
                    parameters.put("namePrefix", checkedPrefix(value).strip());
                    conditions.add(SpeakerQueries.NAME_PREFIX_CONDITION);
                }
                default -> throw new NotCompilable("speakers filter " + entry.getKey());
            }
        }
        return new Filtered(new ReadModel.Listing(SpeakerQueries.BY_LATIN_NAME_ORDERING, "Speaker", "speaker s", "s",
                conditions, SpeakerQueries.BY_LATIN_NAME, descending), parameters);
    }

    /**
     * Query.articles(filter): the listing of the filter's status (OperationCompiler.articles),
     * narrowed by language, country, quoted speaker and publication time with ArticleQueries' own
     * conditions. A search ({@code query}, ranked by relevance) stays with the interpreter, and so
     * does whatever it refuses (unknown languages, countries or IDs).
     */
    static Filtered articles(ReadModel.Listing published, Object filter, CountryCatalog catalog) {
        List<String> conditions = new ArrayList<>(published.conditions());
        Map<String, Object> parameters = new LinkedHashMap<>();
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
                    parameters.put("language", language);
                    parameters.put("languagePrefix", language + "-%");
                    conditions.add(ArticleQueries.LANGUAGE_CONDITION);
                }
                case "country" -> {
                    parameters.put("country", countryCode(value, catalog));
                    conditions.add(ArticleQueries.COUNTRY_CONDITION);
                }
                case "speaker" -> {
                    try {
                        parameters.put("speaker", GlobalId.numericKey(text(value, "speaker"), Speaker.TYPE));
                    } catch (RuntimeException malformed) {
                        throw new NotCompilable("articles filter speaker");
                    }
                    conditions.add(ArticleQueries.SPEAKER_CONDITION);
                }
                case "query" -> {
                    // the listing's rows (ReadModel.searchedArticles) take it
                    try {
                        parameters.put("query", SearchText.require("filter.query", text(value, "query")));
                    } catch (RuntimeException refused) {
                        throw new NotCompilable("articles filter query"); // the interpreter reports it
                    }
                }
                case "publishedFrom" -> {
                    parameters.put("publishedFrom", utc(value));
                    conditions.add(ArticleQueries.PUBLISHED_FROM_CONDITION);
                }
                case "publishedBefore" -> {
                    parameters.put("publishedBefore", utc(value));
                    conditions.add(ArticleQueries.PUBLISHED_BEFORE_CONDITION);
                }
                default -> throw new NotCompilable("articles filter " + entry.getKey());
            }
        }
        return new Filtered(new ReadModel.Listing(published.ordering(), published.nodeType(), published.from(),
                published.rowAlias(), conditions, published.keys(), published.descending()), parameters);
    }

    private static String text(Object value, String what) {
        if (!(value instanceof String text)) {
            throw new NotCompilable("articles filter " + what);
        }
        return text;
    }

    /** A DateTime argument as ArticleQueries binds it: at UTC. */
    private static OffsetDateTime utc(Object value) {
        if (value instanceof Instant instant) {
            return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime time) {
            return OffsetDateTime.ofInstant(time.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof String text) {
            try {
                return OffsetDateTime.ofInstant(OffsetDateTime.parse(text).toInstant(), ZoneOffset.UTC);
            } catch (DateTimeParseException unparsed) {
                throw new NotCompilable("articles filter time " + text); // the interpreter decides
            }
        }
        throw new NotCompilable("articles filter time " + value);
    }

    /**
     * The alpha-2 code of a country filter as CountryCatalog.requireCode gives it, once the catalog
     * is in memory (reading it is not for an event loop); an unknown code the interpreter reports.
     */
    private static String countryCode(Object value, CountryCatalog catalog) {
        if (!catalog.isLoaded() || !(value instanceof String code)) {
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
