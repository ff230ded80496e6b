package org.newsroom.hardening;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.testing.Management;
import org.newsroom.testing.RawHttp;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;

/**
 * What an attacker or a broken client sends. None of it gets a 5xx or a stack trace; every
 * response is a GraphQL-shaped JSON body with a code; the service is healthy afterwards.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "'; drop table article; --", "\" OR \"\"=\"", "%' union select null --", "\\", "\\'",
            "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "{{7*7}}", "../../../../etc/passwd",
            ".*[(+?", "%_%", "\u0000", "a\u0000b", "\uD83D\uDE00\u200D\u202E", "Robert'); select pg_sleep(10); --",
            "$1", "?", ":name", "\ud800", "NaN", "-1", "9".repeat(40));

    @TestHTTPResource("/graphql")
    URI graphql;

    private final String prefix = TestData.prefix();

    @AfterEach
    void removeOwnRows() {
        TestData.remove(prefix);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void serviceIsHealthyAfterwards() {
        Management.given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Response response = RawHttp.postJson("{\"query\":\"{ countries(first: 1) { totalCount } }\"}");
        assertEquals(200, response.statusCode());
        assertTrue(response.jsonPath().getInt("data.countries.totalCount") > 0, response.asString());
    }

    @Test
    void malformedJsonIsABadRequest() {
        for (String body : List.of("{", "{\"query\":", "nope", "\"string\"", "null", "42", "{}", "{\"query\": 1}",
                "{\"query\": null}", "{\"query\": \"\"}", "{\"query\":\"{ __typename }\"} trailing",
                "{\"query\":\"{ __typename }\",\"variables\":[1]}", "{\"query\":\"{ __typename }\",\"variables\":\"x\"}",
                "{\"query\":\"{ __typename }\",\"operationName\":{}}", "\uFEFF{\"query\":\"{ __typename }\"}")) {
            Response response = RawHttp.postJson(body);
            assertCoded(response, body);
            assertEquals(400, response.statusCode(), body);
        }
    }

    @Test
    void emptyBodyIsABadRequest() {
        Response response = RawHttp.post("application/json", new byte[0]);
        assertCoded(response, "empty");
        assertEquals(400, response.statusCode());
    }

    @Test
    void unsupportedContentTypesAre415() {
        byte[] body = "{\"query\":\"{ __typename }\"}".getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/xml", "image/png", "application/json-patch+json")) {
            Response response = RawHttp.post(type, body);
            assertCoded(response, type);
            assertEquals(415, response.statusCode(), type);
            assertEquals("BAD_REQUEST", response.jsonPath().getString("errors[0].extensions.code"));
        }
    }

    @Test
    void graphqlContentTypeCarriesTheDocument() {
        Response response = RawHttp.post("application/graphql", "{ __typename }".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("Query", response.jsonPath().getString("data.__typename"));
    }

    @Test
    void invalidUtf8AndControlBytesAreRefused() {
        List<byte[]> bodies = List.of(
                concat("{\"query\":\"{ search(query: \\\"", new byte[] { (byte) 0xff, (byte) 0xfe }, "\\\") { totalCount } }\"}"),
                concat("{\"query\":\"{ __typename }\",\"variables\":{\"x\":\"", new byte[] { (byte) 0xc3 }, "\"}}"),
                concat("{\"query\":\"{ __typename }\",\"variables\":{\"x\":\"a", new byte[] { 0 }, "b\"}}"),
                concat("{\"query\":\"{ __typename", new byte[] { 0x07 }, " }\"}"));
        for (byte[] body : bodies) {
            Response response = RawHttp.post("application/json", body);
            assertCoded(response, new String(body, StandardCharsets.ISO_8859_1));
            assertEquals(400, response.statusCode());
        }
        Response document = RawHttp.post("application/graphql", new byte[] { '{', (byte) 0xff, '}' });
        assertCoded(document, "graphql body");
        assertEquals(400, document.statusCode());
    }

    @Test
    void nulCharactersInVariablesAreBadInputNotServerErrors() {
        Response search = post("query($q: String!) { search(query: $q, first: 1) { totalCount } }", Map.of("q", "a\u0000b"));
        assertNotInternal(search);
        Response created = post(Tokens.editor(), "mutation($input: CreateArticleInput!) { createArticle(input: $input) {"
                + " article { id } } }", Map.of("input", Map.of("language", "en", "headline", prefix + "nul\u0000",
                        "body", "Text\u0000 with NUL.")));
        assertNotInternal(created);
        assertEquals("BAD_USER_INPUT", created.jsonPath().getString("errors[0].extensions.code"), created.asString());
    }

    @Test
    void hugeStringsAreRefusedCheaply() {
        String huge = "\u0627".repeat(200_000);
        for (String query : List.of(
                "query($s: String!) { search(query: $s, first: 1) { totalCount } }",
                "query($s: String!) { article(slug: $s) { id } }",
                "query($s: String!) { country(code: $s) { name } }",
                "query($s: String!) { node(id: $s) { id } }",
                "query($s: String!) { speakers(first: 1, filter: { query: $s }) { totalCount } }",
                "query($s: String!) { countries(first: 1, after: $s) { totalCount } }")) {
            Response response = post(query, Map.of("s", huge));
            assertNotInternal(response);
        }
        Response created = post(Tokens.editor(), "mutation($input: CreateArticleInput!) { createArticle(input: $input) {"
                + " article { id } } }", Map.of("input", Map.of("language", "en", "headline", prefix + "x".repeat(100_000),
                        "body", "Body.")));
        assertNotInternal(created);
    }

    @Test
    void variablesOfTheWrongShapeAreBadInput() {
        for (Object value : List.of(List.of(List.of(List.of(1))), Map.of("a", Map.of("b", 1)), 1.5e300, true, "x")) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("n", value);
            Response response = post("query($n: Int) { countries(first: $n) { totalCount } }", variables);
            assertNotInternal(response);
            assertEquals("BAD_USER_INPUT", response.jsonPath().getString("errors[0].extensions.code"), response.asString());
        }
    }

    @Test
    void unknownOperationNameIsCoded() {
        Response response = RawHttp.postJson(new JsonObject().put("query", "query A { __typename } query B { __typename }")
                .put("operationName", "C").encode());
        assertNotInternal(response);
        assertTrue(response.jsonPath().getString("errors[0].extensions.code") != null, response.asString());
        Response missing = RawHttp.postJson(new JsonObject().put("query", "query A { __typename } query B { __typename }")
                .encode());
        assertNotInternal(missing);
        assertTrue(missing.jsonPath().getString("errors[0].extensions.code") != null, missing.asString());
    }

    @Test
    void invalidIdsOfEveryShapeFindNothingOrAreBadInput() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        List<String> ids = new ArrayList<>(List.of("", " ", "nope", "%00", "\u0000", "null", "-1", "0", "1",
                "QXJ0aWNsZTo", "====", "A".repeat(5000), "\u0627\u0628", "Article:1", "../../", "' or 1=1 --"));
        for (String raw : List.of("Article:abc", "Article:-1", "Article:99999999999999999999", "Article:1.5",
                "Speaker:1'--", "Unknown:1", "Article:", ":1", "Article:1:2", "Country:ZZ", "Country:' or ''='",
                "Statement:0x10", "Article:\u0000", "Speaker: 1")) {
            ids.add(base64.encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
        }
        for (String id : ids) {
            Response single = post("query($id: ID!) { node(id: $id) { id } }", Map.of("id", id));
            assertNotInternal(single);
            if (single.jsonPath().get("errors") == null) {
                assertNull(single.jsonPath().get("data.node"), id);
            } else {
                assertEquals("BAD_USER_INPUT", single.jsonPath().getString("errors[0].extensions.code"), id);
            }
            assertNotInternal(post("query($ids: [String!]!) { nodes(ids: $ids) { id } }", Map.of("ids", List.of(id, id))));
        }
    }

    @Test
    void invalidCursorsOfEveryShapeAreBadInput() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        List<String> cursors = new ArrayList<>(List.of("", " ", "garbage", "====", "\u0000", "%", "A".repeat(999),
                "\u0627\u0628\u062a", "-1", "' or 1=1 --"));
        for (String raw : List.of("newest", "newest~", "newest~~~~", "name~" + base64.encodeToString("x".getBytes()),
                "code~" + base64.encodeToString("' or 1=1".getBytes()), "~", "newest~!!!", "published~abc~def",
                "relevance~NaN~1")) {
            cursors.add(base64.encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
        }
        List<String> connections = List.of(
                "articles(first: 2, after: $c) { totalCount }", "articles(last: 2, before: $c) { totalCount }",
                "speakers(first: 2, after: $c) { totalCount }", "statements(first: 2, after: $c) { totalCount }",
                "countries(first: 2, after: $c) { totalCount }", "search(query: \"pakistan\", first: 2, after: $c) { totalCount }");
        for (String connection : connections) {
            for (String cursor : cursors) {
                Response response = post("query($c: String) { " + connection + " }", Map.of("c", cursor));
                assertNotInternal(response);
                assertEquals("BAD_USER_INPUT", response.jsonPath().getString("errors[0].extensions.code"),
                        connection + " " + cursor + " " + response.asString());
            }
        }
    }

    @Test
    void injectionStringsInEveryTextArgumentAreJustText() {
        int articlesBefore = post("{ articles(first: 1) { totalCount } }", Map.of()).jsonPath().getInt("data.articles.totalCount");
        List<String> queries = List.of(
                "query($s: String!) { article(slug: $s) { id } }",
                "query($s: String!) { country(code: $s) { name } }",
                "query($s: String!) { search(query: $s, first: 2) { totalCount } }",
                "query($s: String!) { search(query: \"a\", first: 2, filter: { country: $s, language: $s }) { totalCount } }",
                "query($s: String!) { articles(first: 2, filter: { country: $s, language: $s }) { totalCount } }",
                "query($s: String!) { speakers(first: 2, filter: { query: $s, namePrefix: $s, country: $s }) { totalCount } }",
                "query($s: String!) { statements(first: 2, filter: { query: $s, country: $s }) { totalCount } }",
                "query($s: String!) { countries(first: 2, filter: { namePrefix: $s }) { totalCount } }",
                "query($s: String!) { country(code: \"PK\") { name(lang: $s) } }");
        for (String query : queries) {
            for (String injection : INJECTIONS) {
                assertNotInternal(post(query, Map.of("s", injection)));
            }
        }
        for (String injection : INJECTIONS) {
            Response created = post(Tokens.editor(), "mutation($input: CreateArticleInput!) { createArticle(input: $input) {"
                    + " article { headline } } }", Map.of("input", Map.of("language", "en", "headline", prefix + injection,
                            "body", "Body " + injection, "attributionSource", injection)));
            assertNotInternal(created);
            if (created.jsonPath().get("errors") == null) {
                // Stored as text (normalised, trimmed), never interpreted.
                assertTrue(created.jsonPath().getString("data.createArticle.article.headline").startsWith(prefix.strip()),
                        created.asString());
            }
        }
        int articlesAfter = post("{ articles(first: 1) { totalCount } }", Map.of()).jsonPath().getInt("data.articles.totalCount");
        assertEquals(articlesBefore, articlesAfter, "drafts are not public and nothing was dropped");
    }

    @Test
    void forgedExpiredAndMalformedTokensGet401WithoutDetails() throws Exception {
        var otherKey = KeyPairGenerator.getInstance("RSA");
        otherKey.initialize(2048);
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"iss\":\"" + Tokens.ISSUER
                + "\",\"sub\":\"x\",\"groups\":[\"admin\"],\"exp\":9999999999}").getBytes());
        String editor = Tokens.editor();
        String tampered = editor.substring(0, editor.indexOf('.') + 1) + payload + editor.substring(editor.lastIndexOf('.'));
        List<String> tokens = List.of("not-a-jwt", "a.b.c", "", "....", header + "." + payload + ".", tampered,
                Tokens.expired(), Tokens.foreignSignature(), Tokens.wrongIssuer(),
                Jwt.issuer(Tokens.ISSUER).subject("x").groups(Set.of("admin")).expiresIn(600)
                        .sign(otherKey.generateKeyPair().getPrivate()),
                "x".repeat(10_000));
        for (String token : tokens) {
            Response response = given().contentType("application/json").header("Authorization", "Bearer " + token)
                    .body("{\"query\":\"mutation { createArticle(input: {language: \\\"en\\\", headline: \\\"" + prefix
                            + "forged\\\", body: \\\"x\\\"}) { article { id } } }\"}")
                    .when().post("/graphql");
            RawHttp.assertNoInternals(response.asString());
            if (token.isEmpty()) {
                // "Bearer " alone carries no credentials: an anonymous request, refused the write.
                assertEquals(200, response.statusCode());
                assertTrue(response.asString().contains("UNAUTHENTICATED") || response.asString().contains("FORBIDDEN"),
                        response.asString());
                continue;
            }
            assertEquals(401, response.statusCode(), token + ": " + response.asString());
        }
        for (String header2 : List.of("Basic YWRtaW46YWRtaW4=", "Bearer", "bearer " + Tokens.foreignSignature(), "Token x")) {
            Response response = given().contentType("application/json").header("Authorization", header2)
                    .body("{\"query\":\"{ __typename }\"}").when().post("/graphql");
            assertTrue(response.statusCode() < 500, header2 + ": " + response.statusCode());
            RawHttp.assertNoInternals(response.asString());
        }
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] body = ("{\"query\":\"{ __typename }\",\"padding\":\"" + "x".repeat(1_200_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(graphql).header("Content-Type", "application/json")
                // No Content-Length: the limit must hold while the body streams in.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        JsonObject json = new JsonObject(response.body());
        assertEquals("QUERY_LIMIT_EXCEEDED", json.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions")
                .getString("code"));
    }

    private static Response post(String query, Map<String, ?> variables) {
        return post(null, query, variables);
    }

    private static Response post(String token, String query, Map<String, ?> variables) {
        var request = given().contentType("application/json").accept("application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.body(new JsonObject().put("query", query).put("variables", new JsonObject(new HashMap<>(variables)))
                .encode()).when().post("/graphql");
    }

    /** A GraphQL response (HTTP 200) whose errors, if any, are coded and not internal ones. */
    private static void assertNotInternal(Response response) {
        String body = response.asString();
        assertEquals(200, response.statusCode(), body);
        RawHttp.assertNoInternals(body);
        List<Map<String, Object>> errors = response.jsonPath().getList("errors");
        if (errors != null) {
            for (Map<String, Object> error : errors) {
                @SuppressWarnings("unchecked")
                Map<String, Object> extensions = (Map<String, Object>) error.get("extensions");
                assertTrue(extensions != null && extensions.get("code") != null, body);
                assertNotEquals("INTERNAL_SERVER_ERROR", extensions.get("code"), body);
            }
        }
    }

    /** A refused request: 4xx, a JSON body with a coded error, no internals. */
    private static void assertCoded(Response response, String what) {
        String body = response.asString();
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, what + ": " + response.statusCode() + " " + body);
        assertTrue(response.contentType().startsWith("application/json"), what + ": " + response.contentType());
        assertTrue(response.jsonPath().getString("errors[0].extensions.code") != null, what + ": " + body);
        RawHttp.assertNoInternals(body);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }
}
