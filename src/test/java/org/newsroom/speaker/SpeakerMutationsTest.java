package org.newsroom.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.TestData;

import io.quarkus.test.junit.QuarkusTest;

/** Speakers are created, changed at the version seen, and merged: the merged ID resolves to the survivor. */
@QuarkusTest
class SpeakerMutationsTest {

    private final String prefix = TestData.prefix();
    private final GraphQLClient editor = GraphQLClient.editor();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
    }

    @Test
    void aSpeakerIsCreatedAndUpdatedAtTheVersionSeen() {
        Map<String, Object> created = editor.execute("speaker/create-speaker", Map.of("input", Map.of(
                "clientMutationId", "c1", "kind", "PERSON", "originalName", prefix + "ٹام برٹ", "nameLanguage", "ur",
                "latinName", prefix + "Tom Burt", "role", "vice president", "country", "USA",
                "wikidataQid", "Q2283"))).data("createSpeaker");
        assertEquals("c1", created.get("clientMutationId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> speaker = (Map<String, Object>) created.get("speaker");
        assertEquals("US", ((Map<?, ?>) speaker.get("country")).get("code"));
        assertEquals(0, ((Number) speaker.get("version")).intValue());

        Map<String, Object> updated = editor.execute("speaker/update-speaker", Map.of("input", Map.of(
                "id", speaker.get("id"), "version", 0, "role", "", "country", "GB"))).data("updateSpeaker.speaker");
        assertNull(updated.get("role"));
        assertEquals("GB", ((Map<?, ?>) updated.get("country")).get("code"));
        assertEquals(1, ((Number) updated.get("version")).intValue());

        GraphQLResponse stale = editor.execute("speaker/update-speaker", Map.of("input", Map.of(
                "id", speaker.get("id"), "version", 0, "role", "lost")));
        assertEquals("CONFLICT", stale.errorCode());
        assertEquals(1, ((Number) stale.errorExtensions().get("currentVersion")).intValue());
    }

    @Test
    void invalidSpeakersAreRefusedWithEveryProblemListed() {
        GraphQLResponse response = editor.execute("speaker/create-speaker", Map.of("input", Map.of(
                "kind", "PERSON", "originalName", " ", "nameLanguage", "en", "latinName", "",
                "wikidataQid", "2283")));

        assertEquals("BAD_USER_INPUT", response.errorCode());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) response.errorExtensions().get("violations");
        assertEquals(List.of("input.latinName", "input.originalName", "input.wikidataQid"),
                violations.stream().map(v -> v.get("path")).toList());
    }

    @Test
    void mergingMovesTheStatementsAndTheMergedIdResolvesToTheSurvivor() {
        String survivor = speaker("Survivor");
        String merged = speaker("Duplicate");
        String article = editor.execute("article/create-article", Map.of("input", Map.of("language", "de",
                "headline", prefix + "Zitate", "body", "Er sagte: Ja. Sie sagte: Nein."))).data("createArticle.article.id");
        for (Object[] quote : List.of(new Object[] {merged, 10, 13, "Ja."}, new Object[] {merged, 25, 30, "Nein."},
                new Object[] {survivor, 25, 30, "Nein."})) {
            editor.execute("statement/add-statement", Map.of("input", Map.of("article", article, "paragraph", 1,
                    "start", quote[1], "end", quote[2], "text", quote[3], "kind", "CLAIM", "speaker", quote[0])))
                    .data("addStatement");
        }

        assertEquals("CONFLICT", editor.execute("speaker/merge-speakers", Map.of("input", Map.of("survivor", survivor,
                "survivorVersion", 0, "merged", merged, "mergedVersion", 7))).errorCode());
        Map<String, Object> result = editor.execute("speaker/merge-speakers", Map.of("input", Map.of(
                "survivor", survivor, "survivorVersion", 0, "merged", merged, "mergedVersion", 0)))
                .data("mergeSpeakers");

        assertEquals(merged, result.get("mergedSpeakerId"));
        // "Ja." moves; the duplicate "Nein." the survivor already had goes
        assertEquals(1, result.get("statementsMoved"));
        assertEquals(1, ((Number) ((Map<?, ?>) result.get("survivor")).get("version")).intValue());
        Map<String, Object> resolved = editor.execute("speaker/speaker-node", Map.of("id", merged)).data("node");
        assertEquals(survivor, resolved.get("id"));
        assertEquals(prefix + "Survivor", resolved.get("latinName"));
        assertEquals(2, ((Number) ((Map<?, ?>) editor.execute("article/article-by-slug-editor", Map.of("slug",
                editor.execute("article/article-node", Map.of("id", article)).data("node.slug")))
                .data("article.statements")).get("totalCount")).intValue());
        assertEquals("BAD_USER_INPUT", editor.execute("speaker/update-speaker", Map.of("input", Map.of(
                "id", merged, "version", 0, "role", "gone"))).errorCode());
    }

    private String speaker(String name) {
        return editor.execute("speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", prefix + name, "nameLanguage", "de", "latinName", prefix + name)))
                .data("createSpeaker.speaker.id");
    }
}
