package org.newsroom.graphql;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The GraphQL path, and the routes the service puts in front of SmallRye's on it, in the order
 * they run. Each step is installed by its own feature; the order between them is kept here, in one
 * place, because each step relies on what the ones before it did.
 */
@ApplicationScoped
public class GraphQLRoutes {

    public enum Step {
        /** A WebSocket upgrade: after authentication (a filter), before SmallRye's WebSocket route (-99). */
        WEBSOCKET_UPGRADE(HttpMethod.GET, -100),
        /** GET: the document a persisted operation's hash names is put into the request. */
        PERSISTED_GET(HttpMethod.GET, -12),
        /** GET: the request's size, media types and document are checked. */
        CHECKED_GET(HttpMethod.GET, -11),
        /** GET: a read the compiled engine answers. */
        COMPILED_GET(HttpMethod.GET, -10),
        /** GET: the interpreter, with ETags and cache headers; before SmallRye's own GET route. */
        INTERPRETED_GET(HttpMethod.GET, -9),
        /** POST: what can be refused before reading the body (media types, declared length). */
        POST_HEADERS(HttpMethod.POST, -6),
        /** POST: the body is read, within its limit. */
        POST_BODY(HttpMethod.POST, -5),
        /** POST: the document a persisted operation's hash names is put into the body. */
        PERSISTED_POST(HttpMethod.POST, -4),
        /**
         * POST: the body and its document are checked; before Quarkus's own Content-Length check
         * (-2), which answers 413 with an empty body.
         */
        CHECKED_POST(HttpMethod.POST, -3),
        /** POST: a read the compiled engine answers; what it leaves goes on to SmallRye's route. */
        COMPILED_POST(HttpMethod.POST, -1);

        private final HttpMethod method;
        private final int order;

        Step(HttpMethod method, int order) {
            this.method = method;
            this.order = order;
        }
    }

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "/graphql")
    String path;

    /** The route of one step on the GraphQL path; the caller adds its handlers. */
    public Route route(Router router, Step step) {
        return router.route(step.method, path).order(step.order);
    }

    /** Whether this request is for the GraphQL path (not the schema, the UI or anything else). */
    public boolean isGraphQLPath(RoutingContext context) {
        return path.equals(context.normalizedPath());
    }
}
