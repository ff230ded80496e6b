package org.newsroom.language;

import java.util.Arrays;
import java.util.HashSet;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;

import org.newsroom.graphql.ApiException;

/** BCP-47 language tags: checked, and what they mean for names and text direction. */
public final class Languages {

    public static final Locale DEFAULT = Locale.ENGLISH;

    private static final Set<String> KNOWN_LANGUAGES = new HashSet<>(Arrays.asList(Locale.getISOLanguages()));
    private static final Set<String> RIGHT_TO_LEFT_SCRIPTS = Set.of(
            "Arab", "Aran", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Mend", "Yezi");
    private static final Set<String> RIGHT_TO_LEFT_LANGUAGES = Set.of(
            "ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "lrc", "mzn", "nqo", "ps", "sd", "syr", "ug",
            "ur", "yi");

    static {
        for (Locale locale : Locale.getAvailableLocales()) {
            if (!locale.getLanguage().isEmpty()) {
                KNOWN_LANGUAGES.add(locale.getLanguage());
            }
        }
    }

    private Languages() {
    }

    /** A well-formed tag whose language is known; anything else is a client error. */
    public static Locale parse(String tag) {
        Locale locale = parseOrNull(tag);
        if (locale == null) {
            String shown = tag == null ? "null" : tag.length() > 35 ? tag.substring(0, 35) + "…" : tag;
            throw ApiException.badInput("'" + shown + "' is not a known BCP-47 language tag (try 'en', 'ur' or 'ur-PK').");
        }
        return locale;
    }

    /**
     * The best known language of an Accept-Language header (ranges by weight, the first one known),
     * else English: what a localised name without {@code lang} is written in.
     */
    public static Locale ofAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                Locale locale = parseOrNull(range.getRange());
                if (locale != null) {
                    return locale;
                }
            }
        } catch (IllegalArgumentException malformedHeader) {
            // A header a browser did not write is no reason to fail the request.
        }
        return DEFAULT;
    }

    static Locale parseOrNull(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return null;
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag.strip()).build();
            return KNOWN_LANGUAGES.contains(locale.getLanguage()) ? locale : null;
        } catch (IllformedLocaleException e) {
            return null;
        }
    }

    public static boolean rightToLeft(Locale locale) {
        if (!locale.getScript().isEmpty()) {
            return RIGHT_TO_LEFT_SCRIPTS.contains(locale.getScript());
        }
        return RIGHT_TO_LEFT_LANGUAGES.contains(locale.getLanguage());
    }
}
