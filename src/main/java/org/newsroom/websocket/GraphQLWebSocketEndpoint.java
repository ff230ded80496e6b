package org.newsroom.websocket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.newsroom.graphql.GraphQLRequestGuard;
import org.newsroom.graphql.GraphQLRoutes;
import org.newsroom.persisted.PersistedOperations;
import org.newsroom.graphql.RequestLimits;
import org.newsroom.quota.Quota;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * GraphQL over WebSocket on the GraphQL path (graphql-transport-ws and graphql-ws), in place of
 * SmallRye's own handler, which runs queries and mutations on the event loop (where they cannot
 * open a transaction), skips the request guard and the rate limits, and bounds nothing. Here each
 * operation runs on a worker thread with the upgrade request's identity, after the same checks as
 * a POST; see {@link GraphQLSocket} for the protocol and the per-socket limits.
 */
@ApplicationScoped
public class GraphQLWebSocketEndpoint {

    private static final Logger LOG = Logger.getLogger(GraphQLWebSocketEndpoint.class);

    @Inject
    RequestLimits limits;

    @Inject
    GraphQLRequestGuard guard;

    @Inject
    PersistedOperations persisted;

    @Inject
    Instance<SocketReadPath> readPaths;

    @Inject
    GraphQLRoutes routes;

    void install(@Observes Router router) {
        routes.route(router, GraphQLRoutes.Step.WEBSOCKET_UPGRADE).handler(this::upgrade);
    }

    private void upgrade(RoutingContext context) {
        if (!context.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
            context.next();
            return;
        }
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        Quota.Caller caller = Quota.caller(identity, context);
        context.request().toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                LOG.debugf("GraphQL WebSocket: the upgrade failed (%s)", upgraded.cause().getMessage());
                return;
            }
            ServerWebSocket socket = upgraded.result();
            SubProtocol protocol = SubProtocol.named(socket.subProtocol());
            if (protocol == null) {
                // RFC 6455 leaves it to the server; graphql-transport-ws asks for 4406.
                socket.close((short) 4406, "Subprotocol not acceptable: use graphql-transport-ws or graphql-ws");
                return;
            }
            SocketReadPath readPath = readPaths.isResolvable() ? readPaths.get() : null;
            new GraphQLSocket(socket, protocol, context, identity, caller, limits.websocket(), guard, persisted, readPath)
                    .start();
        });
    }
}
