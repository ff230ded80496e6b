package org.newsroom.hardening;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.Management;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Health and metrics are for probes and Prometheus: they answer on the management port only, and
 * the public port, which the Service and the Ingress expose, knows nothing of them.
 */
@QuarkusTest
class ManagementInterfaceTest {

    private static final List<String> MANAGEMENT_PATHS = List.of("/q/metrics", "/q/health", "/q/health/live",
            "/q/health/ready", "/q/health/started");

    @TestHTTPResource("/")
    java.net.URL publicPort;

    @Test
    void thePublicPortServesNeitherMetricsNorHealth() {
        for (String path : MANAGEMENT_PATHS) {
            given().when().get(path).then().statusCode(404);
        }
        given().when().get("/q/metrics/").then().statusCode(404);
    }

    @Test
    void theManagementPortServesThem() {
        assertNotEquals(publicPort.getPort(), Management.port(), "a port of its own");
        Management.given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        for (String probe : List.of("/q/health/live", "/q/health/ready", "/q/health/started")) {
            Management.given().when().get(probe).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void theManagementPortServesNoApi() {
        Management.given().contentType("application/json").body("{\"query\":\"{ __typename }\"}")
                .when().post("/graphql").then().statusCode(404);
    }
}
