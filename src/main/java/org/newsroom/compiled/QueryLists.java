package org.newsroom.compiled;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.newsroom.country.CountryCatalog;
import org.newsroom.country.CountryNameIndex;
import org.newsroom.country.CountryQueries;
import org.newsroom.graphql.TextPatterns;
import org.newsroom.speaker.SpeakerQueries;

/**
 * Query.countries and Query.speakers as listings: their filters and orders applied as the
 * interpreter's CountryQueries and SpeakerQueries apply them, with the same conditions, sort keys
 * and cursor names. Whatever the interpreter would refuse (an empty or long prefix, an unknown
 * country code) or answers otherwise (a speaker search) is NotCompilable.
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
                    if (!catalog.isLoaded() || !(value instanceof String code)) {
                        throw new NotCompilable("speakers filter country");
                    }
                    try {
                        parameters.put("country", catalog.requireCode(code));
                    } catch (RuntimeException unknown) {
                        throw new NotCompilable("speakers filter country"); // the interpreter reports it
                    }
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
