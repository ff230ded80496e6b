package org.newsroom.syndication;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReadRoute;
import org.newsroom.compiled.CompiledReads;
import org.newsroom.syndication.Syndication.TestPartner;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.HibernateStatements;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A partner's syndication feed on the read engine: each page one SQL statement, with the entries,
 * cursors, page info and errors the feed's contract gives (docs/syndication.md): every change once,
 * in order, withdrawals included, an expired cursor refused.
 */
@QuarkusTest
class CompiledFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CompiledReads reads;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    FeedRetention retention;

    private final String prefix = TestData.prefix();
    private final GraphQLClient editor = GraphQLClient.editor();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
        Syndication.removePartners(prefix);
    }

    @Test
    void everyPageIsOneStatementWithEveryChangeOnceInOrderTombstonesIncluded() {
        TestPartner partner = Syndication.createPartner(prefix + "Compiled", List.of("en"), List.of());
        String start = lastCursor(partner, null);
        Map<String, Object> article = Syndication.published(prefix + "Life", "en", List.of("PK"));
        Map<String, Object> updated = editor.execute("article/update-article", Map.of("input", Map.of("id",
                article.get("id"), "version", article.get("version"), "headline", prefix + "Life, updated")))
                .data("updateArticle.article");
        Syndication.published(prefix + "Other", "en", List.of());
        Syndication.published(prefix + "Urdu", "ur", List.of());
        editor.execute("article/withdraw-article", Map.of("input", Map.of("id", article.get("id"), "version",
                updated.get("version"), "reason", "Retracted."))).data("withdrawArticle.article");

        for (int size : new int[] { 1, 2, 100 }) {
            List<String> kinds = new ArrayList<>();
            String cursor = start;
            while (true) {
                JsonNode page = inOneStatement(partner, "syndication/feed-everything", cursor, size);
                page.at("/syndicationFeed/nodes").forEach(node -> kinds.add(node.get("kind").asText()));
                if (!page.at("/syndicationFeed/pageInfo/hasNextPage").asBoolean()) {
                    break;
                }
                cursor = page.at("/syndicationFeed/pageInfo/endCursor").asText();
            }
            assertEquals(List.of("PUBLISHED", "UPDATED", "PUBLISHED", "WITHDRAWN"), kinds, "page size " + size);
        }
        JsonNode all = inOneStatement(partner, "syndication/feed-everything", start, 100);
        assertTrue(all.at("/syndicationFeed/nodes/3/at").isNull(), "a tombstone has no article");
        assertEquals("Retracted.", all.at("/syndicationFeed/nodes/3/reason").asText());
        assertTrue(all.at("/syndicationFeed/nodes/2/at/ninjs/uri").isTextual(), "the partner's ninjs of a live one");
        assertEquals(all.at("/syndicationFeed/edges/1/cursor"), all.at("/syndicationFeed/nodes/1/cursor"));
        inOneStatement(partner, "syndication/feed", start, null);
        inOneStatement(partner, "syndication/feed-positions", null, 3);
        inOneStatement(partner, "syndication/feed", all.at("/syndicationFeed/pageInfo/endCursor").asText(), 5);
    }

    @Test
    void refusalsAndExpiredCursorsAreErrorsWithTheirCodes() {
        TestPartner partner = Syndication.createPartner(prefix + "Refused", List.of("fr"), List.of());
        String start = lastCursor(partner, null);
        Syndication.published(prefix + "Un", "fr", List.of());
        String early = lastCursor(partner, start);
        Syndication.published(prefix + "Deux", "fr", List.of());
        Syndication.published(prefix + "Trois", "fr", List.of());

        // the feed's own cursors are FeedQueries': a malformed one, or one of another list, refused
        // for each request (the next request's good cursor uses the same plan)
        String[] ofPartner = { "X-Api-Key", partner.key() };
        errorWithoutAStatement(ofPartner, "not-a-cursor", 2, "BAD_USER_INPUT");
        inOneStatement(partner, "syndication/feed", early, 2);
        inOneStatement(partner, "syndication/feed-beside-search", early, 2);
        String ofCountries = GraphQLClient.anonymous().execute("compiled/countries", Map.of("first", 1))
                .data("countries.pageInfo.endCursor");
        long compilations = reads.compilations();
        errorWithoutAStatement(ofPartner, ofCountries, 2, "BAD_USER_INPUT");
        assertEquals(compilations, reads.compilations(), "one plan for the good cursor and the refused ones");
        // page sizes, and callers who are no partner: refused without a statement
        for (Integer first : new Integer[] { 101, -1 }) {
            errorWithoutAStatement(ofPartner, null, first, "BAD_USER_INPUT");
        }
        errorWithoutAStatement(new String[0], null, 2, "UNAUTHENTICATED");
        String editor = prefix.strip().replace(' ', '-') + "-editor";
        JsonNode ofEditor = errorWithoutAStatement(new String[] { "Authorization", "Bearer "
                + Tokens.withRoles(editor, "editor") }, null, 2, "FORBIDDEN");
        assertTrue(ofEditor.at("/errors/0/message").asText().contains("'" + editor + "' is not a partner"), ofEditor.toString());

        // beside a list refused for its page (no data), before the cursor expires: the refusal alone
        assertEquals(1, answerInOneStatement(partner, "syndication/feed-beside-refused", early, 2)
                .get("errors").size());
        assertEquals(1, answerInOneStatement(partner, "syndication/feed-beside-search-and-refused", early, 2)
                .get("errors").size());

        Syndication.sql("update syndication_feed_entry set occurred_at = now() - interval '40 days'"
                + " where partner_id = ? and id < (select max(id) from syndication_feed_entry where partner_id = ?)",
                partner.databaseId(), partner.databaseId());
        assertTrue(retention.removeOlderThan(Instant.now().minus(30, ChronoUnit.DAYS)) >= 2);
        // an expired cursor: the statement finds it, and its null data is its error
        long before = reads.statementsRun();
        Response expired = post(partner, "syndication/feed", early, 10);
        assertEquals(1, reads.statementsRun() - before, "the plan finds the expired cursor");
        assertEquals("compiled", expired.header(CompiledReadRoute.EXECUTION), expired.asString());
        assertEquals("FEED_CURSOR_EXPIRED", expired.jsonPath().getString("errors[0].extensions.code"));
        assertEquals(List.of("syndicationFeed"), paths(tree(expired)));
        assertTrue(tree(expired).get("data").isNull(), expired.asString());
        // beside a search too: one statement, whose feed column is null
        before = reads.statementsRun();
        Response expiredBesideSearch = post(partner, "syndication/feed-beside-search", early, 10);
        assertEquals(1, reads.statementsRun() - before, "the plan finds the expired cursor");
        assertEquals("compiled", expiredBesideSearch.header(CompiledReadRoute.EXECUTION), expiredBesideSearch.asString());
        assertEquals(1, tree(expiredBesideSearch).get("errors").size(), expiredBesideSearch.asString());
        assertTrue(tree(expiredBesideSearch).get("data").isNull());
        assertEquals("FEED_CURSOR_EXPIRED", expiredBesideSearch.jsonPath().getString("errors[0].extensions.code"));
        // beside a list refused for its page: the refusal, then the expired cursor only the statement finds
        JsonNode besideRefused = answerInOneStatement(partner, "syndication/feed-beside-refused", early, 10);
        assertEquals("BAD_USER_INPUT", besideRefused.at("/errors/0/extensions/code").asText(), besideRefused.toString());
        assertEquals("FEED_CURSOR_EXPIRED", besideRefused.at("/errors/1/extensions/code").asText(),
                besideRefused.toString());
        Map<String, Object> refusedCursor = new HashMap<>();
        refusedCursor.put("cursor", "not-a-cursor");
        refusedCursor.put("after", early);
        refusedCursor.put("first", 10);
        JsonNode besideRefusedCursor = answerInOneStatement(partner, "syndication/feed-beside-refused-cursor",
                refusedCursor);
        assertEquals(List.of("BAD_USER_INPUT", "FEED_CURSOR_EXPIRED"), codes(besideRefusedCursor),
                besideRefusedCursor.toString());
        JsonNode besideSearchAndRefused = answerInOneStatement(partner,
                "syndication/feed-beside-search-and-refused", early, 10);
        assertEquals(List.of("BAD_USER_INPUT", "FEED_CURSOR_EXPIRED"), codes(besideSearchAndRefused),
                besideSearchAndRefused.toString());
        JsonNode rest = inOneStatement(partner, "syndication/feed", null, 10);
        assertEquals(prefix + "Trois", rest.at("/syndicationFeed/edges/0/node/article/headline").asText());
        assertFalse(rest.at("/syndicationFeed/pageInfo/hasNextPage").asBoolean());
    }

    @Test
    void twoFeedsInOneOperationEachReportTheirOwnExpiredCursor() {
        TestPartner partner = Syndication.createPartner(prefix + "Twice", List.of("de"), List.of());
        String start = lastCursor(partner, null);
        Syndication.published(prefix + "Eins", "de", List.of());
        String early = lastCursor(partner, start);
        Syndication.published(prefix + "Zwei", "de", List.of());
        String latest = lastCursor(partner, early);
        Syndication.published(prefix + "Drei", "de", List.of());
        for (String document : List.of("syndication/two-feeds", "syndication/two-feeds-beside-search")) {
            JsonNode both = answerInOneStatement(partner, document, Map.of("after", early, "latest", latest, "first", 5));
            assertEquals(2, both.at("/data/caughtUp/nodes").size(), both.toString());
            assertEquals(1, both.at("/data/latest/nodes").size(), both.toString());
        }

        Syndication.sql("update syndication_feed_entry set occurred_at = now() - interval '40 days'"
                + " where partner_id = ? and id < (select max(id) from syndication_feed_entry where partner_id = ?)",
                partner.databaseId(), partner.databaseId());
        assertTrue(retention.removeOlderThan(Instant.now().minus(30, ChronoUnit.DAYS)) >= 2);
        // retention kept the entries after latest's position: early's cursor expired, latest's did not
        for (String document : List.of("syndication/two-feeds", "syndication/two-feeds-beside-search")) {
            JsonNode both = answerInOneStatement(partner, document, Map.of("after", early, "latest", early, "first", 5));
            assertTrue(both.get("data").isNull(), both.toString());
            assertEquals(List.of("FEED_CURSOR_EXPIRED", "FEED_CURSOR_EXPIRED"), codes(both), both.toString());
            assertEquals(List.of("caughtUp", "latest"), paths(both), both.toString());
            for (List<String> cursors : List.of(List.of(early, latest), List.of(latest, early))) {
                JsonNode one = answerInOneStatement(partner, document,
                        Map.of("after", cursors.get(0), "latest", cursors.get(1), "first", 5));
                assertTrue(one.get("data").isNull(), one.toString());
                assertEquals(List.of("FEED_CURSOR_EXPIRED"), codes(one), one.toString());
                assertEquals(List.of(cursors.get(0) == early ? "caughtUp" : "latest"), paths(one), one.toString());
            }
            // one feed's own cursor malformed (no data for it), the other's expired: both errors, one statement
            JsonNode refusedAndExpired = answerInOneStatement(partner, document,
                    Map.of("after", "not-a-cursor", "latest", early, "first", 5));
            assertEquals(List.of("BAD_USER_INPUT", "FEED_CURSOR_EXPIRED"), codes(refusedAndExpired),
                    refusedAndExpired.toString());
            assertEquals(List.of("caughtUp", "latest"), paths(refusedAndExpired), refusedAndExpired.toString());
            Map<String, Object> neither = new HashMap<>();
            neither.put("after", latest);
            neither.put("latest", null);
            neither.put("first", 5);
            JsonNode none = answerInOneStatement(partner, document, neither);
            // what retention kept: Drei, after latest's position and from the start
            assertEquals(1, none.at("/data/caughtUp/nodes").size(), none.toString());
            assertEquals(1, none.at("/data/latest/nodes").size(), none.toString());
        }
    }

    private static List<String> codes(JsonNode answer) {
        List<String> codes = new ArrayList<>();
        answer.get("errors").forEach(error -> codes.add(error.at("/extensions/code").asText()));
        return codes;
    }

    private static List<String> paths(JsonNode answer) {
        List<String> paths = new ArrayList<>();
        answer.get("errors").forEach(error -> paths.add(error.at("/path/0").asText()));
        return paths;
    }

    /** The feed's first page asked with these credentials: refused with this code and null data, without a statement. */
    private JsonNode errorWithoutAStatement(String[] credentials, String after, Integer first, String code) {
        long before = reads.statementsRun();
        Response compiled = request(credentials, "syndication/feed", after, first);
        assertEquals("compiled", compiled.header(CompiledReadRoute.EXECUTION), compiled.asString());
        assertEquals(0, reads.statementsRun() - before, compiled.asString());
        JsonNode compiledJson = tree(compiled);
        assertEquals(1, compiledJson.get("errors").size(), compiled.asString());
        assertEquals(List.of("syndicationFeed"), paths(compiledJson));
        assertTrue(compiledJson.get("data").isNull(), compiled.asString());
        assertEquals(code, compiledJson.at("/errors/0/extensions/code").asText());
        return compiledJson;
    }

    /** The cursor at the end of the partner's feed after this one (the start: null). */
    private String lastCursor(TestPartner partner, String after) {
        return Syndication.readAll(partner.client(), after, 100).cursor();
    }

    /** The page the partner reads, without errors, in one SQL statement and nothing through Hibernate. */
    private JsonNode inOneStatement(TestPartner partner, String document, String after, Integer first) {
        Response compiled = HibernateStatements.noneDuring(sessionFactory, () -> {
            long before = reads.statementsRun();
            Response response = post(partner, document, after, first);
            assertEquals("compiled", response.header(CompiledReadRoute.EXECUTION), response.asString());
            assertEquals(1, reads.statementsRun() - before, "one statement for the page");
            return response;
        });
        JsonNode compiledJson = tree(compiled);
        assertTrue(compiled.header("Cache-Control").startsWith("private"), "a partner's feed is its own: "
                + compiled.header("Cache-Control"));
        assertTrue(compiledJson.get("errors") == null, compiled.asString());
        assertNotNull(compiledJson.get("data"));
        return compiledJson.get("data");
    }

    /** The answer the partner gets, errors or not (each error with its code), in one SQL statement. */
    private JsonNode answerInOneStatement(TestPartner partner, String document, String after, Integer first) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("after", after);
        variables.put("first", first);
        return answerInOneStatement(partner, document, variables);
    }

    /** {@link #answerInOneStatement(TestPartner, String, String, Integer)} with these variables. */
    private JsonNode answerInOneStatement(TestPartner partner, String document, Map<String, Object> variables) {
        long before = reads.statementsRun();
        Response compiled = request(new String[] { "X-Api-Key", partner.key() }, document, variables);
        assertEquals("compiled", compiled.header(CompiledReadRoute.EXECUTION), compiled.asString());
        assertEquals(1, reads.statementsRun() - before, compiled.asString());
        JsonNode compiledJson = tree(compiled);
        compiledJson.path("errors").forEach(error -> assertFalse(error.at("/extensions/code").asText().isBlank(),
                error.toString()));
        return compiledJson;
    }

    private static Response post(TestPartner partner, String document, String after, Integer first, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Api-Key";
        all[1] = partner.key();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return request(all, document, after, first);
    }

    private static Response request(String[] headers, String document, String after, Integer first) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("after", after);
        variables.put("first", first);
        return request(headers, document, variables);
    }

    private static Response request(String[] headers, String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", GraphQLClient.load(document));
        body.put("variables", variables);
        RequestSpecification request = given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.when().post("/graphql");
    }

    private static JsonNode tree(Response response) {
        try {
            return JSON.readTree(response.asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
