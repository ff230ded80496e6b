package org.newsroom.quota;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.HibernateStatements;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The cost of an operation, computed before it runs, reported in extensions.cost, and its maximum. */
@QuarkusTest
class QueryCostTest {

    @Inject
    SessionFactory sessionFactory;

    @Test
    void nestedConnectionsMultiplyTheirChildren() {
        GraphQLResponse response = GraphQLClient.anonymous().execute("quota/nested-cost",
                Map.of("articles", 3, "statements", 4));
        response.data("articles.totalCount");
        // 3 articles + 3 country lists + 3 x 4 statements + 12 speakers + 12 speaker countries;
        // connection wrappers (edges, node, nodes, pageInfo, totalCount) and scalars are free.
        assertEquals(3 + 3 + 12 + 12 + 12, cost(response).get("requested"));
        assertEquals(10000, cost(response).get("maximum"));
    }

    @Test
    void costFollowsTheVariables() {
        GraphQLResponse response = GraphQLClient.anonymous().execute("quota/nested-cost",
                Map.of("articles", 10, "statements", 5));
        assertEquals(10 + 10 + 50 + 50 + 50, cost(response).get("requested"));
    }

    @Test
    void aBatchOfReferencesCountsOnePerReference() {
        List<Map<String, String>> references = List.of(Map.of("__typename", "Country", "code", "PK"),
                Map.of("__typename", "Country", "code", "US"), Map.of("__typename", "Country", "code", "IR"));
        GraphQLResponse response = GraphQLClient.anonymous().execute("quota/entities-cost",
                Map.of("representations", references));
        response.data("_entities");
        // 3 countries + 3 x 2 speakers
        assertEquals(3 + 6, cost(response).get("requested"));
    }

    @Test
    void aConnectionWithoutFirstCountsTheDefaultPageSize() {
        GraphQLResponse response = GraphQLClient.anonymous().execute("quota/default-page");
        response.data("speakers.edges");
        assertEquals(20 + 1, cost(response).get("requested"));
    }

    @Test
    void everyOperationCostsAtLeastOne() {
        var response = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("query", "{ __typename }")).when().post("/graphql").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(1, response.getInt("extensions.cost.requested"));
    }

    @Test
    void anOperationAboveTheMaximumIsRefusedBeforeItRuns() {
        GraphQLResponse response = HibernateStatements.noneDuring(sessionFactory,
                () -> GraphQLClient.anonymous().execute("quota/too-costly")); // no SQL ran

        assertEquals("QUERY_LIMIT_EXCEEDED", response.errorCode());
        // 100 articles + 100 x 100 statements + 10,000 speakers
        assertTrue(response.errorMessage().contains("20100"), response.errorMessage());
        assertTrue(response.errorMessage().contains("10000"), response.errorMessage());
        assertEquals(20100, ((Number) response.errorExtensions().get("cost")).intValue());
        assertNull(response.json().get("data"), "nothing ran");
        assertEquals(20100, cost(response).get("requested"), "the cost is reported for refused operations too");
    }

    @Test
    void pageSizesAboveTheMaximumCountAsTheMaximumAndKeepTheirOwnError() {
        GraphQLResponse response = GraphQLClient.anonymous().execute("observability/page-too-large");
        assertEquals("BAD_USER_INPUT", response.errorCode());
        assertEquals(100, cost(response).get("requested"));
    }


    @SuppressWarnings("unchecked")
    private static Map<String, Object> cost(GraphQLResponse response) {
        Map<String, Object> cost = (Map<String, Object>) response.json().getMap("extensions").get("cost");
        assertTrue(cost != null, "extensions.cost is reported: " + response.json().prettify());
        return cost;
    }
}
