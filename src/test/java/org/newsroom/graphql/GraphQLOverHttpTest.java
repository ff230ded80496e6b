package org.newsroom.graphql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * GraphQL over HTTP as the graphql-http audit suite checks it (ci/graphql-http runs the suite
 * itself against the packaged service): the response's media type follows Accept, and request
 * errors are 200 under application/json and 400 under application/graphql-response+json.
 */
@QuarkusTest
class GraphQLOverHttpTest {

    private static final String JSON = "application/json; charset=UTF-8";
    private static final String GRAPHQL_RESPONSE = "application/graphql-response+json; charset=UTF-8";

    @Test
    void withoutAcceptOrAcceptingAnythingTheAnswerIsApplicationJson() {
        for (String accept : new String[] { null, "*/*", "application/*", "text/html, */*;q=0.8" }) {
            Response post = post(accept, "http/typename", Map.of());
            assertEquals(200, post.statusCode(), post.asString());
            assertEquals(JSON, post.contentType(), "POST, Accept " + accept);
            Response get = get(accept, "http/typename");
            assertEquals(200, get.statusCode(), get.asString());
            assertEquals(JSON, get.contentType(), "GET, Accept " + accept);
        }
    }

    @Test
    void theResponseTypeIsTheNegotiatedOneNeverACopyOfAccept() {
        // both paths used to echo the client's Accept value as the Content-Type
        for (String[] documentAndPath : new String[][] { { "http/country-code", "compiled" },
                { "http/malformed-id", "compiled" }, { "http/declined-mutation", "interpreted" } }) {
            Response json = post("application/json; q=0.9; foo=bar", documentAndPath[0], Map.of());
            assertEquals(JSON, json.contentType());
            assertEquals(documentAndPath[1], json.header("X-Newsroom-Execution"));
            Response graphql = post("application/graphql-response+json;charset=utf-8", documentAndPath[0], Map.of());
            assertEquals(GRAPHQL_RESPONSE, graphql.contentType());
        }
    }

    @Test
    void requestErrorsAre200UnderApplicationJson() {
        assertEquals(200, postQuery("application/json", "{").statusCode());
        assertEquals(200, postQuery("application/json", "{ 8f31403dfe404bccbb0e835f2629c6a7 }").statusCode());
        assertEquals(200, postQuery("application/json", "{ noSuchField }").statusCode());
        Map<String, Object> variables = new HashMap<>();
        variables.put("id", null);
        Response coercion = post("application/json", "http/coerce-failure", variables);
        assertEquals(200, coercion.statusCode(), coercion.asString());
        assertEquals("BAD_USER_INPUT", coercion.jsonPath().getString("errors[0].extensions.code"), coercion.asString());
    }

    @Test
    void requestErrorsAre400UnderGraphQLResponseJsonWithoutData() {
        for (String document : new String[] { "{", "{ noSuchField }" }) {
            Response response = postQuery("application/graphql-response+json", document);
            assertEquals(400, response.statusCode(), response.asString());
            assertEquals(GRAPHQL_RESPONSE, response.contentType());
            assertNull(response.jsonPath().get("data"), response.asString());
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("id", null);
        Response coercion = post("application/graphql-response+json", "http/coerce-failure", variables);
        assertEquals(400, coercion.statusCode(), coercion.asString());
        assertEquals("BAD_USER_INPUT", coercion.jsonPath().getString("errors[0].extensions.code"), coercion.asString());
    }

    @Test
    void anAnswerWithDataStays200UnderGraphQLResponseJson() {
        Response response = post("application/graphql-response+json", "http/typename", Map.of());
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("Query", response.jsonPath().getString("data.__typename"));
    }

    @Test
    void anUnacceptableAcceptIs406WithACodedBody() {
        for (Response response : new Response[] { post("text/html", "http/typename", Map.of()),
                get("text/html", "http/typename") }) {
            assertEquals(406, response.statusCode(), response.asString());
            assertEquals("NOT_ACCEPTABLE", response.jsonPath().getString("errors[0].extensions.code"));
        }
    }

    @Test
    void extensionsThatAreNotAnObjectAreABadRequest() {
        Response post = given().contentType("application/json").accept("application/json")
                .body("{\"query\":\"{ __typename }\",\"extensions\":\"x\"}").when().post("/graphql");
        assertEquals(400, post.statusCode(), post.asString());
        assertEquals("BAD_REQUEST", post.jsonPath().getString("errors[0].extensions.code"));
        Response get = given().accept("application/json").queryParam("query", "{ __typename }")
                .queryParam("extensions", "[1]").when().get("/graphql");
        assertEquals(400, get.statusCode(), get.asString());
    }

    private static Response post(String accept, String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", GraphQLClient.load(document));
        body.put("variables", variables);
        return request(accept).contentType("application/json").body(body).when().post("/graphql");
    }

    private static Response postQuery(String accept, String query) {
        return request(accept).contentType("application/json").body(Map.of("query", query)).when().post("/graphql");
    }

    private static Response get(String accept, String document) {
        return request(accept).queryParam("query", GraphQLClient.load(document)).when().get("/graphql");
    }

    private static RequestSpecification request(String accept) {
        RequestSpecification request = given();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return request;
    }
}
