package org.newsroom.seed;

import java.util.List;

/**
 * What the editors know about an imported article that its text does not say: metadata, speakers,
 * and each statement with the exact words it covers (the importer finds their position).
 */
public record SeedDocument(
        String document,
        String sha256,
        String slug,
        String language,
        String headline,
        String firstPublishedAt,
        List<String> editorialFields,
        String attributionSource,
        List<String> countries,
        List<SeedSpeaker> speakers,
        List<SeedStatement> statements) {

    public record SeedSpeaker(String key, String kind, String name, String nameLanguage, String latinName,
            String role, String affiliation, String country, String wikidataQid) {
    }

    public record SeedStatement(int paragraph, String speaker, String kind, List<String> countries, String quote,
            String reportedVia) {
    }
}
