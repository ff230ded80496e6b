package org.newsroom.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Sends GraphQL documents from {@code src/test/resources/graphql} over HTTP, as any client would.
 */
public final class GraphQLClient {

    private final Map<String, String> headers = new HashMap<>();

    public static GraphQLClient anonymous() {
        return new GraphQLClient();
    }

    /** A client that sends this bearer token. */
    public static GraphQLClient withToken(String token) {
        return new GraphQLClient().header("Authorization", "Bearer " + token);
    }

    public static GraphQLClient editor() {
        return withToken(Tokens.editor());
    }

    public static GraphQLClient admin() {
        return withToken(Tokens.admin());
    }

    public GraphQLClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public GraphQLResponse execute(String document, Map<String, ?> variables) {
        JsonPath json = post(document, variables).then().statusCode(200).extract().jsonPath();
        return new GraphQLResponse(json);
    }

    /** The HTTP response to the document POSTed with these variables, whatever its status. */
    public Response post(String document, Map<String, ?> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", load(document));
        body.put("variables", variables);
        RequestSpecification request = given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body);
        headers.forEach(request::header);
        return request.when().post("/graphql");
    }

    public GraphQLResponse execute(String document) {
        return execute(document, Map.of());
    }

    /** The text of src/test/resources/graphql/{document}.graphql. */
    public static String load(String document) {
        String path = "graphql/" + document + ".graphql";
        try (InputStream in = GraphQLClient.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No GraphQL document at " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response: its data by JSON path, and its errors. */
    public record GraphQLResponse(JsonPath json) {

        /** The data at a path, after checking that the response has no errors. */
        public <T> T data(String path) {
            List<Object> errors = json.getList("errors");
            if (errors != null && !errors.isEmpty()) {
                throw new AssertionError("Unexpected GraphQL errors: " + json.prettify());
            }
            return json.get("data." + path);
        }

        public List<Map<String, Object>> errors() {
            List<Map<String, Object>> errors = json.getList("errors");
            return errors == null ? List.of() : errors;
        }

        /** The single error's extensions.code, after checking there is exactly one error. */
        public String errorCode() {
            List<Map<String, Object>> errors = errors();
            if (errors.size() != 1) {
                throw new AssertionError("Expected exactly one error, got: " + json.prettify());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> extensions = (Map<String, Object>) errors.get(0).get("extensions");
            return extensions == null ? null : (String) extensions.get("code");
        }

        /** The single error's extensions, after checking there is exactly one error. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> errorExtensions() {
            errorCode();
            return (Map<String, Object>) errors().get(0).get("extensions");
        }

        public String errorMessage() {
            return (String) errors().get(0).get("message");
        }
    }
}
