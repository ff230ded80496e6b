package org.newsroom.hardening;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.RawHttp;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/**
 * Text is stored exactly as sent, or refused: a lone UTF-16 surrogate (which the database driver
 * would store as "?") or a NUL (which PostgreSQL cannot store) in any text argument is
 * BAD_USER_INPUT naming the argument's path, whether it comes in the variables or in the document,
 * and nothing is written. Requests are sent as ASCII-only JSON with \\u escapes, so that the lone
 * surrogates reach the server as the client wrote them.
 */
@QuarkusTest
class StoredTextTest {

    private static final String HIGH = "\uD83D";
    private static final String LOW = "\uDE00";
    private static final String GRINNING = HIGH + LOW;

    private final String prefix = TestData.prefix();

    @Inject
    DataSource dataSource;

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
    }

    @Test
    void wholeSurrogatePairsAreStoredExactly() {
        String headline = prefix + "Emoji " + GRINNING + " and 𝄞";
        JsonPath created = post(Tokens.editor(), "article/create-article", Map.of("input",
                Map.of("language", "en", "headline", headline, "body", "Text " + GRINNING + ".")));
        assertNull(created.get("errors"), created.prettify());
        assertEquals(headline, created.getString("data.createArticle.article.headline"));
        assertEquals("Text " + GRINNING + ".", created.getString("data.createArticle.article.body"));
    }

    @Test
    void loneSurrogatesInVariablesAreRefusedNamingTheFields() {
        JsonPath refused = post(Tokens.editor(), "article/create-article", Map.of("input", Map.of("language", "en",
                "headline", prefix + "Half " + HIGH + " an emoji", "body", "Other half " + LOW)));

        assertBadInput(refused, "input.headline", "input.body");
        assertTrue(refused.getString("errors[0].extensions.violations[0].message").contains("surrogate"),
                refused.prettify());
        assertEquals(0, articlesWithPrefix(), "nothing is stored");
    }

    @Test
    void loneSurrogatesWrittenIntoTheDocumentAreRefused() {
        String document = GraphQLClient.load("hardening/create-article-inline-body");

        // the character itself in the document's string (a \\ud83d escape in the request's JSON), and a GraphQL
        // escape sequence for half a pair: refused when the document is parsed, or as input
        for (String loneSurrogate : List.of(HIGH, "\\uD83D")) {
            JsonPath refused = post(Tokens.editor(), document.replace("LONE_SURROGATE", loneSurrogate),
                    Map.of("headline", prefix + "Inline"));
            RawHttp.assertNoInternals(refused.prettify());
            assertTrue(Set.of("BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED").contains(refused.getString("errors[0].extensions.code")),
                    refused.prettify());
            assertNull(refused.get("data.createArticle"), refused.prettify());
        }
        assertEquals(0, articlesWithPrefix(), "nothing is stored");
    }

    @Test
    void aStatementWithHalfACharacterIsRefused() {
        String paragraph = "Smile " + GRINNING + " said the minister.";
        String article = post(Tokens.editor(), "article/create-article", Map.of("input", Map.of("language", "en",
                "headline", prefix + "Statements and emoji", "body", paragraph))).getString("data.createArticle.article.id");
        String speaker = post(Tokens.editor(), "speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", prefix + "Minister", "nameLanguage", "en", "latinName", prefix + "Minister")))
                .getString("data.createSpeaker.speaker.id");
        int emoji = paragraph.indexOf(GRINNING);

        // the range ends between the two halves of the emoji, and the text is what that range holds
        JsonPath halfText = post(Tokens.editor(), "statement/add-statement", Map.of("input", Map.of("article", article,
                "paragraph", 1, "start", 0, "end", emoji + 1, "text", paragraph.substring(0, emoji + 1),
                "kind", "CLAIM", "speaker", speaker)));
        assertBadInput(halfText, "input.text");

        // the range starts inside the emoji; the text sent is the whole emoji and what follows
        JsonPath splitRange = post(Tokens.editor(), "statement/add-statement", Map.of("input", Map.of("article",
                article, "paragraph", 1, "start", emoji + 1, "end", paragraph.length(),
                "text", paragraph.substring(emoji), "kind", "CLAIM", "speaker", speaker)));
        assertBadInput(splitRange, "input.start");

        // the whole emoji is fine: paragraph.text.slice(start, end) == text holds
        JsonPath whole = post(Tokens.editor(), "statement/add-statement", Map.of("input", Map.of("article", article,
                "paragraph", 1, "start", emoji, "end", emoji + 2, "text", GRINNING, "kind", "CLAIM",
                "speaker", speaker)));
        assertNull(whole.get("errors"), whole.prettify());
        assertEquals(1, count("select count(*) from statement where article_id in "
                + "(select id from article where headline like ?)"), "only the whole emoji's statement is stored");
    }

    @Test
    void speakersAndPartnersAreCheckedToo() {
        JsonPath speaker = post(Tokens.editor(), "speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", "Name " + LOW, "nameLanguage", "en", "latinName", prefix + "Half", "role", "x" + HIGH)));
        assertBadInput(speaker, "input.originalName", "input.role");
        assertEquals(0, count("select count(*) from speaker where latin_name like ?"));

        String partnerName = prefix + "Partner " + HIGH;
        JsonPath partner = post(Tokens.admin(), "syndication/create-partner", Map.of("input", Map.of("name", partnerName,
                "languages", List.of("en", "e" + LOW))));
        assertBadInput(partner, "input.name", "input.languages[1]");
        assertEquals(0, count("select count(*) from partner where name like ?"));
    }

    @Test
    void nulCharactersAreRefusedNamingTheField() {
        JsonPath article = post(Tokens.editor(), "article/create-article", Map.of("input", Map.of("language", "en",
                "headline", prefix + "NUL", "body", "Before\u0000after.")));
        assertBadInput(article, "input.body");
        assertTrue(article.getString("errors[0].extensions.violations[0].message").contains("NUL"), article.prettify());

        JsonPath speaker = post(Tokens.editor(), "speaker/create-speaker", Map.of("input", Map.of("kind", "PERSON",
                "originalName", prefix + "NUL", "nameLanguage", "en", "latinName", prefix + "\u0000")));
        assertBadInput(speaker, "input.latinName");
        assertEquals(0, articlesWithPrefix());
    }

    private static void assertBadInput(JsonPath response, String... paths) {
        String body = response.prettify();
        RawHttp.assertNoInternals(body);
        assertEquals("BAD_USER_INPUT", response.getString("errors[0].extensions.code"), body);
        List<Map<String, Object>> violations = response.getList("errors[0].extensions.violations");
        assertTrue(violations != null, body);
        assertEquals(Set.of(paths), violations.stream().map(v -> (String) v.get("path")).collect(Collectors.toSet()),
                body);
        Object data = response.get("data");
        assertTrue(data == null || ((Map<?, ?>) data).values().stream().allMatch(v -> v == null), body);
    }

    /** Posts a document (a path under graphql/, or the text itself) as ASCII-only JSON. */
    private static JsonPath post(String token, String document, Map<String, ?> variables) {
        String query = document.contains("{") ? document : GraphQLClient.load(document);
        String json = asciiOnly(new JsonObject().put("query", query)
                .put("variables", new JsonObject(new HashMap<>(variables))).encode());
        return given().contentType("application/json").accept("application/json")
                .header("Authorization", "Bearer " + token).body(json)
                .when().post("/graphql").then().statusCode(anyOf(is(200), is(400))).extract().jsonPath();
    }

    /** JSON text with every character outside ASCII written as a \\u escape, lone surrogates included. */
    private static String asciiOnly(String json) {
        StringBuilder ascii = new StringBuilder(json.length());
        for (char c : json.toCharArray()) {
            if (c < 0x80) {
                ascii.append(c);
            } else {
                ascii.append(String.format("\\u%04x", (int) c));
            }
        }
        return ascii.toString();
    }

    private long articlesWithPrefix() {
        return count("select count(*) from article where headline like ?");
    }

    private long count(String sql) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, prefix.strip() + "%");
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
