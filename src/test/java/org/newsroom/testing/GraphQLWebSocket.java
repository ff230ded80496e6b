package org.newsroom.testing;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * A real GraphQL-over-WebSocket client, speaking either graphql-transport-ws (the current
 * protocol) or graphql-ws (the older Apollo one), for subscription tests.
 */
public final class GraphQLWebSocket implements AutoCloseable {

    public static final String TRANSPORT_WS = "graphql-transport-ws";
    public static final String LEGACY_WS = "graphql-ws";

    private final WebSocketClient client;
    private final WebSocket socket;
    private final String protocol;
    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();

    private GraphQLWebSocket(WebSocketClient client, WebSocket socket, String protocol) {
        this.client = client;
        this.socket = socket;
        this.protocol = protocol;
    }

    /** Connects to the GraphQL endpoint and waits for connection_ack. */
    public static GraphQLWebSocket connect(Vertx vertx, URI graphql, String protocol) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(graphql.getHost())
                .setPort(graphql.getPort()).setURI(graphql.getPath()).addSubProtocol(protocol);
        WebSocket socket = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        GraphQLWebSocket connection = new GraphQLWebSocket(client, socket, protocol);
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        socket.textMessageHandler(text -> {
            JsonObject message = new JsonObject(text);
            String type = message.getString("type");
            if ("connection_ack".equals(type)) {
                acknowledged.complete(null);
            } else if (!"ka".equals(type) && !"ping".equals(type) && !"pong".equals(type)) {
                connection.messages.add(message);
            }
        });
        socket.writeTextMessage(new JsonObject().put("type", "connection_init").put("payload", new JsonObject())
                .encode());
        acknowledged.get(10, TimeUnit.SECONDS);
        return connection;
    }

    public void subscribe(String id, String query, Map<String, Object> variables) {
        JsonObject payload = new JsonObject().put("query", query).put("variables", new JsonObject(variables));
        String type = TRANSPORT_WS.equals(protocol) ? "subscribe" : "start";
        socket.writeTextMessage(new JsonObject().put("id", id).put("type", type).put("payload", payload).encode());
    }

    /** The payload of the next result (next / data), or null if none comes in time; errors fail. */
    public JsonObject nextResult(long timeout, TimeUnit unit) throws InterruptedException {
        JsonObject message = messages.poll(timeout, unit);
        if (message == null) {
            return null;
        }
        String type = message.getString("type");
        if ("next".equals(type) || "data".equals(type)) {
            return message.getJsonObject("payload");
        }
        throw new AssertionError("Expected a result, got " + message.encode());
    }

    @Override
    public void close() {
        socket.close();
        client.close();
    }
}
