package org.newsroom.testing;

import java.net.URI;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests to the management interface (health and metrics, quarkus.management.*), which listens
 * on a port of its own: a random one in tests, 9000 in production; the public port answers 404 there.
 */
public final class Management {

    private Management() {
    }

    /** A request to the management port, e.g. {@code Management.given().get("/q/metrics")}. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    public static int port() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        if (uri.getPort() <= 0) {
            throw new IllegalStateException("The management interface has no port: " + uri);
        }
        return uri.getPort();
    }
}
