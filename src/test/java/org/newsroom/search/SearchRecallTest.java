package org.newsroom.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newsroom.fulltext.SearchSql;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.SeedArticle;
import org.newsroom.testing.TestData;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Search at scale (issue 21), on speakers written for each test: every row holding all the words
 * is reachable by paging, whatever the words' frequencies and the rows' ages; a rare word typed in
 * full finds its old row first among many newer prefix matches; word order and repetition change
 * nothing; a rare word weighs more than a frequent one.
 *
 * <p>Each test writes one old target speaker and then {@link #NEWER} newer ones holding the same
 * frequent word and, each, a different word that starts with the target's rare word: more than
 * {@link SearchSql#CANDIDATES} newer matches, and more postings than SearchSql.RARE, so
 * both words are frequent as prefixes.
 */
@QuarkusTest
class SearchRecallTest {

    /** Over SearchSql.RARE (500) and SearchSql.CANDIDATES (150). */
    private static final int NEWER = 600;

    @Inject
    DataSource dataSource;

    private final GraphQLClient client = GraphQLClient.anonymous();
    private String prefix;
    private String common;
    private String rare;

    @BeforeEach
    void writeSpeakers() throws SQLException {
        prefix = TestData.prefix();
        String letters = prefix.substring(6, 14).chars().mapToObj(c -> String.valueOf((char) ('a' + c % 26)))
                .reduce("", String::concat);
        common = "zqcommon" + letters;
        rare = "zqra" + letters;
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, "select ? || ? || ' ' || ?", prefix, common, rare);
            insert(connection, "select ? || ? || ' ' || ? || 'x' || lpad(i::text, 4, '0') from generate_series(1, "
                    + NEWER + ") i", prefix, common, rare);
        }
    }

    @AfterEach
    void removeSpeakers() {
        TestData.remove(prefix);
    }

    @Test
    void aRareWordTypedInFullFindsItsOldRowFirstInEitherOrder() {
        for (String query : List.of(common + " " + rare, rare + " " + common)) {
            Map<String, Object> search = searchSpeakers(query, 10, null);
            List<Map<String, Object>> edges = edges(search);
            assertEquals(prefix + common + " " + rare, node(edges.get(0)).get("latinName"), query);
            assertEquals(NEWER + 1, search.get("totalCount"), "every speaker holds both words (as typed or as a start): " + query);
        }
    }

    @Test
    void pagingReachesEveryMatchOfAFrequentWordOldestIncluded() {
        Set<String> seen = new HashSet<>();
        List<Double> scores = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> search = searchSpeakers(common, 100, after);
            for (Map<String, Object> edge : edges(search)) {
                assertTrue(seen.add((String) node(edge).get("id")), "no speaker twice");
                scores.add(((Number) edge.get("score")).doubleValue());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) search.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
            assertEquals(NEWER + 1, search.get("totalCount"));
            pages++;
        } while (after != null && pages < 20);
        assertEquals(NEWER + 1, seen.size(), "every speaker holding the word, the oldest too");
        for (int i = 1; i < scores.size(); i++) {
            assertFalse(scores.get(i) > scores.get(i - 1), "best first, across pages");
        }
    }

    @Test
    void theQueryFilterOfAListReachesEveryMatchToo() {
        Set<String> seen = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> variables = new HashMap<>(Map.of("filter", Map.of("query", rare + " " + common), "first", 100));
            if (after != null) {
                variables.put("after", after);
            }
            Map<String, Object> speakers = client.execute("search/speakers-query-page", variables).data("speakers");
            assertEquals(NEWER + 1, speakers.get("totalCount"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> nodes = (List<Map<String, Object>>) speakers.get("nodes");
            if (pages == 0) {
                assertEquals(prefix + common + " " + rare, nodes.get(0).get("latinName"), "the exact match first");
            }
            nodes.forEach(node -> assertTrue(seen.add((String) node.get("id")), "no speaker twice"));
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) speakers.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
            pages++;
        } while (after != null && pages < 20);
        assertEquals(NEWER + 1, seen.size());
    }

    @Test
    void wordOrderAndRepetitionChangeNothing() {
        List<List<String>> permutations = List.of(
                List.of(common + " " + rare + "x00", rare + "x00 " + common, common + " " + rare + "x00 " + common),
                // on the seed article: "مائیکرو" alone is no word of it, only the start of مائیکروسافٹ
                List.of("مائیکرو سافٹ", "سافٹ مائیکرو", "سافٹ مائیکرو سافٹ"),
                List.of("امریکہ ہیکرز", "ہیکرز امریکہ"));
        for (List<String> queries : permutations) {
            Map<String, Object> first = search(queries.get(0), 100, null, Map.of());
            for (String query : queries.subList(1, queries.size())) {
                Map<String, Object> other = search(query, 100, null, Map.of());
                assertEquals(first.get("totalCount"), other.get("totalCount"), query);
                assertEquals(hits(first), hits(other), query);
            }
            assertFalse(edges(first).isEmpty(), queries.get(0));
        }
        assertEquals(SeedArticle.SLUG, node(edges(search("سافٹ مائیکرو", 1, null, Map.of("types", List.of("ARTICLE")))).get(0))
                .get("slug"));
    }

    @Test
    void aRareWordWeighsMoreThanAFrequentOne() throws SQLException {
        String rarer = rare + "only";
        try (Connection connection = dataSource.getConnection()) {
            // same length, same words: the older holds the rare word three times, the newer the frequent one
            // (so the preference for newer rows works against the expected order)
            insert(connection, "select ? || ? || ' a ' || ? || ' b ' || ? || ' c ' || ?", prefix, rarer, rarer, rarer, common);
            insert(connection, "select ? || ? || ' a ' || ? || ' b ' || ? || ' c ' || ?", prefix, common, common, common, rarer);
        }
        List<Map<String, Object>> edges = edges(searchSpeakers(common + " " + rarer, 10, null)).stream()
                .filter(edge -> ((Number) edge.get("score")).doubleValue() >= 1).toList(); // not the similar ones
        assertEquals(2, edges.size());
        assertEquals(prefix + rarer + " a " + rarer + " b " + rarer + " c " + common, node(edges.get(0)).get("latinName"));
        assertTrue(((Number) edges.get(0).get("score")).doubleValue() > ((Number) edges.get(1).get("score")).doubleValue());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void insert(Connection connection, String latinNames, String... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into speaker (kind, name, name_language, "
                + "latin_name) select 'PERSON', 'zq', 'en', n.latin from (" + latinNames + ") n(latin)")) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private Map<String, Object> searchSpeakers(String query, int first, String after) {
        return search(query, first, after, Map.of("types", List.of("SPEAKER")));
    }

    private Map<String, Object> search(String query, int first, String after, Map<String, Object> filter) {
        Map<String, Object> variables = new HashMap<>(Map.of("query", query, "first", first, "filter", filter));
        if (after != null) {
            variables.put("after", after);
        }
        return client.execute("search/search", variables).data("search");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> edges(Map<String, Object> search) {
        return (List<Map<String, Object>>) search.get("edges");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> node(Map<String, Object> edge) {
        return (Map<String, Object>) edge.get("node");
    }

    private static List<String> hits(Map<String, Object> search) {
        return edges(search).stream().map(e -> node(e).get("id") + " " + e.get("score")).toList();
    }
}
