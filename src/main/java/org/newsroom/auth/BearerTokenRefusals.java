package org.newsroom.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A bearer token that does not verify (malformed, expired, foreign signature or issuer) is refused
 * with HTTP 401 before any GraphQL runs; the body says so in the shape GraphQL clients read, with
 * code UNAUTHENTICATED, rather than leaving them an empty 401. The token itself is never echoed.
 */
@ApplicationScoped
public class BearerTokenRefusals {

    static final String MESSAGE = "The bearer token is not valid: it is malformed, expired, or not issued and "
            + "signed for this service. Get a new token, or send none to read published content.";

    void shapeRefusals(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(context -> {
            if (context.failure() instanceof AuthenticationFailedException && carriesBearerToken(context)
                    && !context.response().headWritten()) {
                JsonObject error = new JsonObject().put("message", MESSAGE)
                        .put("extensions", new JsonObject().put("code", "UNAUTHENTICATED"));
                context.response().setStatusCode(401)
                        .putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                        .putHeader("Cache-Control", "no-store")
                        .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
            } else {
                context.next();
            }
        });
    }

    private static boolean carriesBearerToken(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
