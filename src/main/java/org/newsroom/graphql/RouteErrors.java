package org.newsroom.graphql;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The errors of the service's plain HTTP routes (a ninjs document, the Atom feed) in GraphQL's
 * shape, {@code {"errors": [{"message", "extensions": {"code", ...}}]}}, with the HTTP status
 * their code stands for: what a client of those routes handles as a GraphQL client does.
 */
public final class RouteErrors {

    private static final String JSON = "application/json; charset=utf-8";

    private RouteErrors() {
    }

    /** Sends the error with the status its code stands for. */
    public static void send(RoutingContext context, ApiException error) {
        JsonObject extensions = new JsonObject().put("code", error.code().name());
        error.extensions().forEach(extensions::put);
        JsonObject body = new JsonObject().put("errors",
                new JsonArray().add(new JsonObject().put("message", error.getMessage()).put("extensions", extensions)));
        context.response().setStatusCode(status(error.code())).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(body.encode());
    }

    /** A read that failed (a route's, an operation's before or in its statement), as {@link DatabaseFailures#toldOrInternal} tells it. */
    public static ApiException failedRead(String route, Throwable failure) {
        return DatabaseFailures.toldOrInternal(route, failure,
                reference -> "The server could not complete this request; reference " + reference + ".");
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case BAD_USER_INPUT, BAD_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case RATE_LIMITED -> 429;
            case SERVICE_UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
            default -> 500;
        };
    }
}
