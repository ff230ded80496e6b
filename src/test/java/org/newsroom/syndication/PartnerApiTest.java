package org.newsroom.syndication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.graphql.GlobalId;
import org.newsroom.syndication.Syndication.TestPartner;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;

/** Admins manage partners, keys and entitlements; nobody else may, and a key is shown only once. */
@QuarkusTest
class PartnerApiTest {

    private static final String NO_PARTNER = GlobalId.of(Partner.TYPE, 999_999_999);
    private static final String NO_KEY = GlobalId.of(PartnerApiKey.TYPE, 999_999_999);

    @Inject
    DataSource dataSource;

    private final String prefix = TestData.prefix();

    @AfterEach
    void removeTestRows() {
        Syndication.removePartners(prefix);
    }

    @Test
    void aNewPartnersKeyIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        GraphQLResponse created = GraphQLClient.admin().execute("syndication/create-partner", Map.of("input",
                Map.of("clientMutationId", "c1", "name", prefix + "Dawn", "languages", List.of("ur", "EN"),
                        "countries", List.of("pk", "IND"))));
        String key = created.data("createPartner.key");
        assertEquals("c1", created.data("createPartner.clientMutationId"));
        assertTrue(key.matches("nrk_[A-Za-z0-9_-]{43}"), key);
        assertEquals(List.of("ur", "en"), created.data("createPartner.partner.languages"));
        assertEquals(List.of("IN", "PK"), created.data("createPartner.partner.countries"));
        String prefixShown = created.data("createPartner.apiKey.prefix");
        assertEquals(key.substring(0, 12), prefixShown);
        assertNull(created.data("createPartner.apiKey.revokedAt"));
        String partnerId = created.data("createPartner.partner.id");

        Map<String, Object> listed = Syndication.partnerListed(partnerId);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) listed.get("apiKeys");
        assertEquals(1, keys.size());
        assertEquals(prefixShown, keys.get(0).get("prefix"));
        assertFalse(keys.get(0).containsKey("key"), "the key is never listed");

        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select key_hash, prefix, k::text from partner_api_key k where partner_id = ?")) {
            statement.setLong(1, GlobalId.numericKey(partnerId, Partner.TYPE));
            try (ResultSet row = statement.executeQuery()) {
                assertTrue(row.next());
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)),
                        row.getBytes(1));
                assertFalse(row.getString(3).contains(key.substring(12)), "no column holds the secret part");
            }
        }
    }

    @Test
    void onlyAdminsManagePartners() {
        TestPartner partner = Syndication.createPartner(prefix + "Matrix", List.of(), List.of());
        Map<String, Map<String, Object>> mutations = new LinkedHashMap<>();
        mutations.put("syndication/create-partner", Map.of("name", prefix + "Intruder"));
        mutations.put("syndication/create-api-key", Map.of("partner", NO_PARTNER));
        mutations.put("syndication/revoke-api-key", Map.of("id", NO_KEY));
        mutations.put("syndication/update-partner-entitlements",
                Map.of("partner", NO_PARTNER, "version", 0, "languages", List.of(), "countries", List.of()));

        Map<String, GraphQLClient> refused = new LinkedHashMap<>();
        refused.put("UNAUTHENTICATED", GraphQLClient.anonymous());
        refused.put("FORBIDDEN", GraphQLClient.editor());
        Map<String, GraphQLClient> forbiddenToo = Map.of("FORBIDDEN", partner.client(),
                "FORBIDDEN ", GraphQLClient.withToken(Tokens.reader()));
        List<Map.Entry<String, GraphQLClient>> callers = new ArrayList<>(refused.entrySet());
        callers.addAll(forbiddenToo.entrySet());
        for (Map.Entry<String, GraphQLClient> caller : callers) {
            String expected = caller.getKey().strip();
            mutations.forEach((document, input) -> assertEquals(expected,
                    caller.getValue().execute(document, Map.of("input", input)).errorCode(),
                    document + " as " + caller.getKey()));
            assertEquals(expected, caller.getValue().execute("syndication/partners", Map.of()).errorCode(),
                    "partners as " + caller.getKey());
        }
        // admins get past authorisation: IDs that name nothing are bad input, not refusals
        GraphQLClient admin = GraphQLClient.admin();
        assertEquals("BAD_USER_INPUT", admin.execute("syndication/create-api-key",
                Map.of("input", Map.of("partner", NO_PARTNER))).errorCode());
        assertEquals("BAD_USER_INPUT", admin.execute("syndication/revoke-api-key",
                Map.of("input", Map.of("id", NO_KEY))).errorCode());
    }

    @Test
    void aPartnerResolvesByIdForAdminsOnly() {
        TestPartner partner = Syndication.createPartner(prefix + "Node", List.of(), List.of());
        Map<String, Object> node = GraphQLClient.admin().execute("syndication/partner-node",
                Map.of("id", partner.id())).data("node");
        assertEquals(prefix + "Node", node.get("name"));
        assertNull(GraphQLClient.editor().execute("syndication/partner-node", Map.of("id", partner.id())).data("node"));
        assertNull(partner.client().execute("syndication/partner-node", Map.of("id", partner.id())).data("node"));
    }

    @Test
    void invalidInputIsReportedFieldByField() {
        Map<String, Object> input = new HashMap<>();
        input.put("name", " ");
        input.put("languages", List.of("ur", "not a language"));
        input.put("countries", List.of("PK", "XX"));
        GraphQLResponse response = GraphQLClient.admin().execute("syndication/create-partner", Map.of("input", input));
        assertEquals("BAD_USER_INPUT", response.errorCode());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) response.errorExtensions().get("violations");
        assertEquals(List.of("input.name"), violations.stream().map(v -> v.get("path")).toList());

        input.put("name", prefix + "Valid name");
        response = GraphQLClient.admin().execute("syndication/create-partner", Map.of("input", input));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> dataViolations = (List<Map<String, Object>>) response.errorExtensions()
                .get("violations");
        assertEquals(List.of("input.languages[1]", "input.countries[1]"),
                dataViolations.stream().map(v -> v.get("path")).toList());
    }

    @Test
    void entitlementsChangeAtTheVersionSeen() {
        TestPartner partner = Syndication.createPartner(prefix + "Versions", List.of("ur"), List.of());
        GraphQLClient admin = GraphQLClient.admin();
        Map<String, Object> update = new HashMap<>(Map.of("partner", partner.id(), "version", partner.version(),
                "languages", List.of("en", "ur"), "countries", List.of("DE")));
        Map<String, Object> changed = admin.execute("syndication/update-partner-entitlements",
                Map.of("input", update)).data("updatePartnerEntitlements.partner");
        assertEquals(List.of("en", "ur"), changed.get("languages"));
        assertEquals(List.of("DE"), changed.get("countries"));
        assertEquals(partner.version() + 1, ((Number) changed.get("version")).longValue());

        GraphQLResponse stale = admin.execute("syndication/update-partner-entitlements", Map.of("input", update));
        assertEquals("CONFLICT", stale.errorCode());
        assertEquals(partner.version() + 1, ((Number) stale.errorExtensions().get("currentVersion")).longValue());
    }

    @Test
    void partnersArePagedWithCursors() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(Syndication.createPartner(prefix + "Paged " + i, List.of(), List.of()).id());
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", 2);
            variables.put("after", after);
            GraphQLResponse page = GraphQLClient.admin().execute("syndication/partners", variables);
            List<Map<String, Object>> edges = page.data("partners.edges");
            assertTrue(edges.size() <= 2);
            edges.forEach(edge -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> node = (Map<String, Object>) edge.get("node");
                seen.add((String) node.get("id"));
            });
            after = Boolean.TRUE.equals(page.data("partners.pageInfo.hasNextPage"))
                    ? page.data("partners.pageInfo.endCursor") : null;
        } while (after != null);
        assertEquals(mine, seen.stream().filter(mine::contains).toList(), "each once, oldest first");
        assertEquals(seen.size(), seen.stream().distinct().count());
    }
}
