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
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A real GraphQL-over-WebSocket client, speaking either graphql-transport-ws (the current
 * protocol) or graphql-ws (the older Apollo one), for subscription tests.
 */
public final class GraphQLWebSocket implements AutoCloseable {

    public static final String TRANSPORT_WS = "graphql-transport-ws";
    public static final String LEGACY_WS = "graphql-ws";

    private static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private final WebSocketClient client;
    private final WebSocket socket;
    private final String protocol;
    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private GraphQLWebSocket(WebSocketClient client, WebSocket socket, String protocol) {
        this.client = client;
        this.socket = socket;
        this.protocol = protocol;
        socket.textMessageHandler(text -> {
            JsonObject message = new JsonObject(text);
            String type = message.getString("type");
            if ("connection_ack".equals(type)) {
                acknowledged.complete(null);
            } else if (!"ka".equals(type) && !"ping".equals(type) && !"pong".equals(type)) {
                messages.add(message);
            }
        });
        socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode()));
    }

    /** Connects to the GraphQL endpoint and waits for connection_ack. */
    public static GraphQLWebSocket connect(Vertx vertx, URI graphql, String protocol) throws Exception {
        return connect(vertx, graphql, protocol, Map.of());
    }

    /** Connects with these headers on the upgrade request (Authorization, X-Forwarded-For) and waits for connection_ack. */
    public static GraphQLWebSocket connect(Vertx vertx, URI graphql, String protocol, Map<String, String> headers)
            throws Exception {
        GraphQLWebSocket connection = open(vertx, graphql, protocol, headers);
        connection.send(new JsonObject().put("type", "connection_init").put("payload", new JsonObject()));
        connection.acknowledged.get(10, TimeUnit.SECONDS);
        return connection;
    }

    /** Opens the socket and sends nothing: not even connection_init. */
    public static GraphQLWebSocket open(Vertx vertx, URI graphql, String protocol, Map<String, String> headers)
            throws Exception {
        // as browsers' clients, no limit of Vert.x's 256 KiB on a message (an answer of several SDLs is larger)
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(MAX_MESSAGE));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(graphql.getHost())
                .setPort(graphql.getPort()).setURI(graphql.getPath()).addSubProtocol(protocol);
        headers.forEach(options::addHeader);
        WebSocket socket = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new GraphQLWebSocket(client, socket, protocol);
    }

    public void subscribe(String id, String query, Map<String, Object> variables) {
        subscribe(id, query, variables, null);
    }

    /** {@link #subscribe(String, String, Map)} with the client's {@code extensions} in the payload. */
    public void subscribe(String id, String query, Map<String, Object> variables, Map<String, Object> extensions) {
        JsonObject payload = new JsonObject().put("query", query).put("variables", new JsonObject(variables));
        if (extensions != null) {
            payload.put("extensions", new JsonObject(extensions));
        }
        String type = TRANSPORT_WS.equals(protocol) ? "subscribe" : "start";
        send(new JsonObject().put("id", id).put("type", type).put("payload", payload));
    }

    /** Ends one operation (complete, or stop in graphql-ws). */
    public void complete(String id) {
        send(new JsonObject().put("id", id).put("type", TRANSPORT_WS.equals(protocol) ? "complete" : "stop"));
    }

    public void send(JsonObject message) {
        socket.writeTextMessage(message.encode());
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

    /** The next message other than connection_ack and keep-alives, or null if none comes in time. */
    public JsonObject nextMessage(long timeout, TimeUnit unit) throws InterruptedException {
        return messages.poll(timeout, unit);
    }

    /**
     * The errors of the next message for this operation: an error message's payload
     * (graphql-transport-ws), or the errors of a result without data (graphql-ws answers like HTTP),
     * whose complete message is read too.
     */
    public JsonArray nextErrors(long timeout, TimeUnit unit) throws InterruptedException {
        JsonObject message = messages.poll(timeout, unit);
        if (message == null) {
            throw new AssertionError("No message within " + timeout + " " + unit);
        }
        Object payload = message.getValue("payload");
        if ("error".equals(message.getString("type")) && payload instanceof JsonArray errors) {
            return errors;
        }
        if (payload instanceof JsonObject result && result.getJsonArray("errors") != null) {
            JsonObject complete = messages.poll(timeout, unit);
            if (complete == null || !"complete".equals(complete.getString("type"))) {
                throw new AssertionError("Expected complete after " + message.encode() + ", got " + complete);
            }
            return result.getJsonArray("errors");
        }
        throw new AssertionError("Expected errors, got " + message.encode());
    }

    /** Completes with the close status code when the server closes the socket. */
    public CompletableFuture<Short> closed() {
        return closed;
    }

    @Override
    public void close() {
        socket.close();
        client.close();
    }
}
