package org.newsroom.observability;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import org.newsroom.testing.Management;

import io.quarkus.test.junit.QuarkusTest;

/** The probes the Kubernetes manifests use. */
@QuarkusTest
class HealthTest {

    @Test
    void livenessIsUp() {
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessIncludesTheDatabase() {
        Management.given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void readinessIncludesTheMigratedSchema() {
        Management.given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Database schema migrated' }.status", equalTo("UP"));
    }

    @Test
    void startupIsUp() {
        Management.given().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }
}
