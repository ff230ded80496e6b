package org.newsroom.syndication;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.syndication.Syndication.TestPartner;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.TestData;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Partners authenticate with API keys beside editors' bearer tokens; wrong keys get 401. */
@QuarkusTest
class ApiKeyAuthTest {

    private static final String FEED = "{ syndicationFeed(first: 1) { pageInfo { hasNextPage } } }";

    private final String prefix = TestData.prefix();

    @AfterEach
    void removeTestRows() {
        Syndication.removePartners(prefix);
    }

    @Test
    void aKeyWorksUntilItIsRevokedWhileTheOthersKeepWorking() {
        TestPartner partner = Syndication.createPartner(prefix + "Lifecycle", List.of(), List.of());
        assertEquals(200, post(Map.of("X-Api-Key", partner.key()), FEED).statusCode());
        assertEquals(200, post(Map.of("Authorization", "ApiKey " + partner.key()), FEED).statusCode());

        GraphQLClient admin = GraphQLClient.admin();
        GraphQLResponse second = admin.execute("syndication/create-api-key",
                Map.of("input", Map.of("partner", partner.id())));
        String secondKey = second.data("createApiKey.key");
        assertEquals(200, post(Map.of("X-Api-Key", secondKey), FEED).statusCode());

        String firstKeyId = keysOf(partner.id()).get(0).get("id").toString();
        assertNotNull(keysOf(partner.id()).get(0).get("lastUsedAt"), "the use is recorded");
        GraphQLResponse revoked = admin.execute("syndication/revoke-api-key", Map.of("input", Map.of("id", firstKeyId)));
        assertNotNull(revoked.data("revokeApiKey.apiKey.revokedAt"));

        Response refused = post(Map.of("X-Api-Key", partner.key()), FEED);
        assertRefused(refused);
        assertEquals(200, post(Map.of("X-Api-Key", secondKey), FEED).statusCode(), "the other key still works");
        List<Map<String, Object>> keys = keysOf(partner.id());
        assertNotNull(keys.get(0).get("revokedAt"));
        assertNull(keys.get(1).get("revokedAt"));
    }

    @Test
    void wrongOrMalformedKeysAreRefusedWithAGraphQLError() {
        TestPartner partner = Syndication.createPartner(prefix + "Wrong", List.of(), List.of());
        String tampered = partner.key().substring(0, partner.key().length() - 1)
                + (partner.key().endsWith("A") ? "B" : "A");
        assertRefused(post(Map.of("X-Api-Key", tampered), FEED));
        assertRefused(post(Map.of("X-Api-Key", "nrk_short"), FEED));
        assertRefused(post(Map.of("Authorization", "ApiKey " + tampered), FEED));
        assertRefused(post(Map.of("X-Api-Key", tampered), "{ articles(first: 1) { totalCount } }"));
        Response atom = given().header("X-Api-Key", tampered).get("/syndication/atom");
        assertEquals(401, atom.statusCode());
    }

    @Test
    void theFeedIsForPartnersAndPartnersMayNotWrite() {
        TestPartner partner = Syndication.createPartner(prefix + "Roles", List.of(), List.of());
        assertEquals("UNAUTHENTICATED", GraphQLClient.anonymous().execute("syndication/feed", Map.of()).errorCode());
        assertEquals("FORBIDDEN", GraphQLClient.editor().execute("syndication/feed", Map.of()).errorCode());
        assertEquals("FORBIDDEN", GraphQLClient.admin().execute("syndication/feed", Map.of()).errorCode());
        assertTrue(partner.client().execute("syndication/feed", Map.of()).errors().isEmpty());
        GraphQLResponse write = partner.client().execute("article/create-article", Map.of("input",
                Map.of("language", "en", "headline", prefix + "By a partner", "body", "Text.")));
        assertEquals("FORBIDDEN", write.errorCode());
        assertEquals(200, post(Map.of("X-Api-Key", partner.key()), "{ articles(first: 1) { totalCount } }")
                .statusCode(), "partners read public content like anyone");
    }

    @Test
    void keysNeverReachTheLog() {
        TestPartner partner = Syndication.createPartner(prefix + "Logs", List.of(), List.of());
        String wrong = "nrk_" + "Z".repeat(43);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
                if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
                    line.append(' ').append(ext.getFormattedMessage());
                }
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        line.append(' ').append(parameter);
                    }
                }
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append(' ').append(trace);
                }
                lines.add(line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        List<String> noisy = List.of("io.quarkus.security", "io.quarkus.vertx.http", "io.smallrye.graphql",
                "io.quarkus.smallrye.graphql", "io.smallrye.jwt", "io.quarkus.smallrye.jwt", "org.newsroom");
        Map<String, Level> before = new HashMap<>();
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        noisy.forEach(name -> {
            before.put(name, Logger.getLogger(name).getLevel());
            Logger.getLogger(name).setLevel(Level.FINE);
        });
        try {
            assertRefused(post(Map.of("X-Api-Key", wrong), FEED));
            assertRefused(post(Map.of("Authorization", "ApiKey " + wrong), "{ nonsense"));
            assertEquals(200, post(Map.of("X-Api-Key", partner.key()), FEED).statusCode());
            // a document that does not parse is refused (400), after the key was accepted
            assertEquals(400, post(Map.of("X-Api-Key", partner.key()), "{ nonsense").statusCode());
            Logger.getLogger("org.newsroom").fine("the capture works");
        } finally {
            root.removeHandler(capture);
            noisy.forEach(name -> Logger.getLogger(name).setLevel(before.get(name)));
        }
        List<String> captured = List.copyOf(lines);
        assertTrue(captured.stream().anyMatch(line -> line.contains("the capture works")), "the capture works");
        String secret = partner.key().substring(ApiKeys.KEY_PREFIX.length());
        assertFalse(captured.stream().anyMatch(line -> line.contains(secret)), "the good key is not logged");
        assertFalse(captured.stream().anyMatch(line -> line.contains("Z".repeat(43))), "the wrong key is not logged");
    }

    private static void assertRefused(Response response) {
        assertEquals(401, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertEquals("UNAUTHENTICATED", response.jsonPath().getString("errors[0].extensions.code"));
        assertNotNull(response.jsonPath().getString("errors[0].message"));
    }

    private static Response post(Map<String, String> headers, String query) {
        var request = given().contentType(ContentType.JSON).accept(ContentType.JSON).body(Map.of("query", query));
        headers.forEach(request::header);
        return request.when().post("/graphql");
    }

    private static List<Map<String, Object>> keysOf(String partnerId) {
        String after = null;
        while (true) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", 100);
            variables.put("after", after);
            GraphQLResponse page = GraphQLClient.admin().execute("syndication/partners", variables);
            List<Map<String, Object>> edges = page.data("partners.edges");
            for (Map<String, Object> edge : edges) {
                @SuppressWarnings("unchecked")
                Map<String, Object> node = (Map<String, Object>) edge.get("node");
                if (partnerId.equals(node.get("id"))) {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> keys = (List<Map<String, Object>>) node.get("apiKeys");
                    return keys;
                }
            }
            after = page.data("partners.pageInfo.endCursor");
            assertNotNull(after, "partner listed");
        }
    }
}
