package org.newsroom.hardening;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.LogCapture;
import org.newsroom.testing.Management;
import org.newsroom.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** CORS from an allow-list, security headers on every response, and no credentials in the logs. */
@QuarkusTest
class SecurityTest {

    private static final String QUERY = "{\"query\":\"{ __typename }\"}";

    @Test
    void allowedOriginGetsCorsHeadersWithoutCredentials() {
        given().header("Origin", "https://allowed.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,authorization")
                .when().options("/graphql")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://allowed.example"))
                .header("Access-Control-Allow-Credentials", equalTo("false"));
        given().header("Origin", "https://allowed.example").contentType("application/json").body(QUERY)
                .when().post("/graphql")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo("https://allowed.example"));
    }

    @Test
    void otherOriginsAreRefused() {
        for (String origin : List.of("https://evil.example", "https://allowed.example.evil.example", "null",
                "http://allowed.example")) {
            ValidatableResponse preflight = given().header("Origin", origin)
                    .header("Access-Control-Request-Method", "POST").when().options("/graphql").then()
                    .header("Access-Control-Allow-Origin", nullValue());
            int status = preflight.extract().statusCode();
            assertTrue(status == 403 || status == 200, origin + ": " + status);
            int post = given().header("Origin", origin).contentType("application/json").body(QUERY)
                    .when().post("/graphql").then().header("Access-Control-Allow-Origin", nullValue())
                    .extract().statusCode();
            assertTrue(post == 403 || post == 200, origin + ": " + post);
        }
    }

    @Test
    void securityHeadersOnEveryResponse() {
        List<ValidatableResponse> responses = List.of(
                given().contentType("application/json").body(QUERY).when().post("/graphql").then(),
                given().contentType("text/plain").body(QUERY).when().post("/graphql").then(),
                given().when().get("/q/health/ready").then(),
                given().when().get("/graphql/schema.graphql").then(),
                given().when().get("/no-such-page").then(),
                given().when().get("/q/graphql-ui/").then());
        for (ValidatableResponse response : responses) {
            response.header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("Content-Security-Policy", equalTo("frame-ancestors 'none'"))
                    .header("Strict-Transport-Security", equalTo("max-age=31536000; includeSubDomains"));
        }
    }

    @Test
    void bearerTokensNeverReachTheLogs() {
        List<String> tokens = List.of(Tokens.editor(), Tokens.expired(), Tokens.foreignSignature(), Tokens.wrongIssuer());
        List<String> lines;
        try (LogCapture capture = LogCapture.start(List.of())) {
            for (String token : tokens) {
                given().contentType("application/json").header("Authorization", "Bearer " + token)
                        .body("{\"query\":\"mutation { createArticle(input: {language: \\\"en\\\", headline: \\\"\\\","
                                + " body: \\\"\\\"}) { article { id } } }\"}")
                        .when().post("/graphql");
                given().contentType("application/json").header("Authorization", "Bearer " + token)
                        .body("{\"query\":\"{ node(id: \\\"" + "x".repeat(50) + "\\\") { id } }\"}").when().post("/graphql");
                given().contentType("text/plain").header("Authorization", "Bearer " + token).body("x")
                        .when().post("/graphql");
            }
            lines = capture.lines();
        }
        for (String line : lines) {
            for (String token : tokens) {
                String signature = token.substring(token.lastIndexOf('.') + 1);
                assertFalse(line.contains(signature), "a token reached the log: " + line);
                assertFalse(line.contains(token.substring(0, token.lastIndexOf('.'))), "a token reached the log: " + line);
            }
        }
    }

    @Test
    void readinessAnswersWithTheHeadersToo() {
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
