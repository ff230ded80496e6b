package org.newsroom.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.Pages;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SpeakerApiTest {

    /** Nine speakers of the seed article and ten of the test corpus. */
    private static final int SPEAKERS = 19;

    private final GraphQLClient client = GraphQLClient.anonymous();

    @Test
    void namePrefixMatchesAnyWordInEitherScriptIgnoringCase() {
        assertEquals(List.of("Tom Burt"), latinNames(Map.of("namePrefix", "burt")));
        assertEquals(List.of("Tom Burt"), latinNames(Map.of("namePrefix", "ٹام")));
        assertEquals(List.of("Christopher Krebs"), latinNames(Map.of("namePrefix", "KREBS")));
        assertEquals(List.of("Christopher Krebs"), latinNames(Map.of("namePrefix", "کرسٹوفر")));
    }

    @Test
    void namePrefixIsMatchedLiterally() {
        assertEquals(List.of(), latinNames(Map.of("namePrefix", "%")));
        assertEquals(List.of(), latinNames(Map.of("namePrefix", "_om")));
    }

    @Test
    void blankNamePrefixIsRefused() {
        GraphQLResponse response = client.execute("speaker/speakers-page", Map.of("filter", Map.of("namePrefix", "  ")));

        assertEquals("BAD_USER_INPUT", response.errorCode());
    }

    @Test
    void filtersByCountryAndKind() {
        assertEquals(List.of("Nikolai Lakhonin"), latinNames(Map.of("country", "RU")));
        assertEquals(List.of("Alireza Miryousefi"), latinNames(Map.of("country", "IRN", "kind", "PERSON")));
        assertEquals(List.of("Embassy of China in Washington, D.C.", "Government of China (Beijing)"),
                latinNames(Map.of("country", "cn", "kind", "ORGANISATION")));
    }

    @Test
    void unknownCountryCodeIsAClientError() {
        GraphQLResponse response = client.execute("speaker/speakers-page", Map.of("filter", Map.of("country", "XX")));

        assertEquals("BAD_USER_INPUT", response.errorCode());
    }

    @Test
    void describesASpeaker() {
        GraphQLResponse response = client.execute("speaker/speakers-page",
                Map.of("filter", Map.of("namePrefix", "Microsoft")));
        String at = "speakers.edges[0].node.";

        assertEquals("ORGANISATION", response.data(at + "kind"));
        assertEquals("مائیکروسافٹ", response.data(at + "originalName"));
        assertEquals("ur", response.data(at + "nameLanguage"));
        assertEquals("Q2283", response.data(at + "wikidataQid"));
        assertEquals("US", response.data(at + "country.code"));
    }

    @Test
    void nameFollowsTheReadersLanguage() {
        GraphQLResponse urdu = GraphQLClient.anonymous().header("Accept-Language", "ur-PK, en;q=0.5")
                .execute("speaker/speaker-names", Map.of("namePrefix", "Lakhonin"));
        GraphQLResponse english = client.execute("speaker/speaker-names", Map.of("namePrefix", "Lakhonin"));

        assertEquals("نکولائی لاخنونن", urdu.data("speakers.edges[0].node.name"));
        assertEquals("Nikolai Lakhonin", urdu.data("speakers.edges[0].node.english"));
        assertEquals("Nikolai Lakhonin", english.data("speakers.edges[0].node.name"));
        assertEquals("نکولائی لاخنونن", english.data("speakers.edges[0].node.urdu"));
    }

    @Test
    void pagingBothWaysVisitsEverySpeakerOnceByName() {
        List<String> forward = Pages.forward("speaker/speakers-page", "speakers", Map.of(), 4);
        List<String> backward = Pages.backward("speaker/speakers-page", "speakers", Map.of(), 4);

        assertEquals(SPEAKERS, forward.size());
        assertEquals(SPEAKERS, new HashSet<>(forward).size());
        assertEquals(forward, backward);

        List<String> names = client.execute("speaker/speakers-page", Map.of("first", 100))
                .data("speakers.edges.node.latinName");
        assertEquals(names.stream().sorted().toList(), names);
        List<String> descending = client.execute("speaker/speakers-page",
                Map.of("first", 100, "orderBy", Map.of("direction", "DESC"))).data("speakers.edges.node.latinName");
        List<String> reversed = new java.util.ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, descending);
    }

    @Test
    void countrySpeakersAreBatchedNestedConnections() {
        GraphQLResponse response = client.execute("speaker/country-speakers");

        assertEquals(List.of("Nikolai Lakhonin"), response.data("first.speakers.edges.node.latinName"));
        assertEquals(List.of("Alireza Miryousefi"), response.data("second.speakers.edges.node.latinName"));
        List<Integer> totals = response.data("others.edges.node.speakers.totalCount");
        assertTrue(totals.stream().allMatch(total -> total == 0), "AD, AE and AF have no speakers");
    }

    private List<String> latinNames(Map<String, Object> filter) {
        return client.execute("speaker/speakers-page", Map.of("filter", filter, "first", 50))
                .data("speakers.edges.node.latinName");
    }
}
