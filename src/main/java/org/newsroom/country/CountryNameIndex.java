package org.newsroom.country;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.newsroom.fulltext.Normalizer;
import org.newsroom.fulltext.Words;

/**
 * Country names for type-ahead, in the languages listed below, from the JDK's CLDR data (the same
 * source {@code Country.name} reads), normalised with {@link Normalizer} and kept in memory:
 * 249 countries in a dozen languages is a few thousand short strings, built once, and they change
 * only with the JDK, never with the database.
 */
@ApplicationScoped
public class CountryNameIndex {

    public static final List<String> LANGUAGES = List.of("en", "ur", "ar", "fa", "hi", "ru", "zh", "fr", "de", "es",
            "pt", "tr", "bn");

    private volatile Map<String, List<String>> names;

    /** The alpha-2 codes of the countries with a name, or a word of one, that starts with the prefix. */
    public Set<String> codesByNamePrefix(String prefix) {
        String normalised = Normalizer.normalize(prefix).strip();
        Set<String> codes = new TreeSet<>();
        if (normalised.isEmpty()) {
            return codes;
        }
        index().forEach((code, variants) -> {
            for (String variant : variants) {
                if (variant.startsWith(normalised) || variant.contains(" " + normalised)) {
                    codes.add(code);
                    return;
                }
            }
        });
        return codes;
    }

    private Map<String, List<String>> index() {
        Map<String, List<String>> index = names;
        if (index == null) {
            index = build();
            names = index;
        }
        return index;
    }

    private static Map<String, List<String>> build() {
        Map<String, List<String>> index = new LinkedHashMap<>();
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            List<String> variants = new ArrayList<>();
            for (String language : LANGUAGES) {
                String name = country.getDisplayCountry(Locale.forLanguageTag(language));
                // words separated by single spaces, whatever punctuation CLDR uses
                String words = String.join(" ", Words.of(Normalizer.normalize(name)).stream()
                        .map(Words.Word::text).toList());
                if (!words.isEmpty() && !variants.contains(words)) {
                    variants.add(words);
                }
            }
            index.put(code, List.copyOf(variants));
        }
        return Map.copyOf(index);
    }
}
