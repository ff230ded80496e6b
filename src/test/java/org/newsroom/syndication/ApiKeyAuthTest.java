package org.newsroom.syndication;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.syndication.Syndication.TestPartner;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.LogCapture;
import org.newsroom.testing.TestData;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Partners authenticate with API keys beside editors' bearer tokens; wrong keys get 401. */
@QuarkusTest
class ApiKeyAuthTest {

    private static final String FEED = "{ syndicationFeed(first: 1) { pageInfo { hasNextPage } } }";

    private final String prefix = TestData.prefix();

    @Inject
    ApiKeys keys;

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
    void aKeyVerifiedWithinTheCacheTtlIsAcceptedWithoutAWorkerThread() {
        TestPartner partner = Syndication.createPartner(prefix + "Cached", List.of(), List.of());
        long before = keys.blockingVerifications();
        assertEquals(200, post(Map.of("X-Api-Key", partner.key()), FEED).statusCode());
        assertEquals(1, keys.blockingVerifications() - before, "the first use looks the key up and records it");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post(Map.of("X-Api-Key", partner.key()), FEED).statusCode());
            assertEquals(200, post(Map.of("Authorization", "ApiKey " + partner.key()), FEED).statusCode());
        }
        assertEquals(1, keys.blockingVerifications() - before,
                "within the cache TTL (5 s) nothing is read or written: the key is checked on the event loop");
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
        List<String> captured;
        try (LogCapture capture = LogCapture.start(List.of("io.quarkus.security", "io.quarkus.vertx.http",
                "io.smallrye.graphql", "io.quarkus.smallrye.graphql", "io.smallrye.jwt", "io.quarkus.smallrye.jwt",
                "org.newsroom"))) {
            assertRefused(post(Map.of("X-Api-Key", wrong), FEED));
            assertRefused(post(Map.of("Authorization", "ApiKey " + wrong), "{ nonsense"));
            assertEquals(200, post(Map.of("X-Api-Key", partner.key()), FEED).statusCode());
            // a document that does not parse is refused (200 under application/json), after the key was accepted
            Response unparseable = post(Map.of("X-Api-Key", partner.key()), "{ nonsense");
            assertEquals(200, unparseable.statusCode());
            assertEquals("GRAPHQL_PARSE_FAILED", unparseable.jsonPath().getString("errors[0].extensions.code"));
            Logger.getLogger("org.newsroom").fine("the capture works");
            captured = capture.lines();
        }
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

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keysOf(String partnerId) {
        return (List<Map<String, Object>>) Syndication.partnerListed(partnerId).get("apiKeys");
    }
}
