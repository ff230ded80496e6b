package org.newsroom.testing;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Requests whose body is not what a well-behaved client sends: bytes as given, no encoding help. */
public final class RawHttp {

    private RawHttp() {
    }

    public static Response post(String contentType, byte[] body) {
        // Bytes as they are, whatever the content type claims.
        var request = given().config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY)
                .encodeContentTypeAs("multipart/form-data", ContentType.BINARY)))
                .urlEncodingEnabled(false).header("Accept", "application/json");
        if (contentType != null) {
            request.contentType(contentType);
        }
        return request.body(body).when().post("/graphql");
    }

    public static Response postJson(String body) {
        return post("application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Fails when a response body shows internals: stack frames, Java packages, SQL states. */
    public static void assertNoInternals(String body) {
        for (String leak : new String[] { "\tat ", "java.", "javax.", "jakarta.", "org.hibernate", "org.postgresql",
                "io.quarkus", "io.smallrye", "io.vertx", "org.newsroom", "Exception:", "SQLState", "Caused by" }) {
            if (body.contains(leak)) {
                throw new AssertionError("Response shows '" + leak + "': " + body);
            }
        }
    }

    /** The value of a Prometheus series with these labels in the text (an exemplar may follow it), or 0. */
    public static double metric(String name, String labels) {
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)( # .*)?$").matcher(metrics);
        while (matcher.find()) {
            if (matcher.group(1).contains(labels)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }
}
