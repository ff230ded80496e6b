package org.newsroom.websocket;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;
import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.GraphQLRequestGuard;
import org.newsroom.persisted.PersistedOperations;
import org.newsroom.graphql.LimitBreaches;
import org.newsroom.graphql.RequestLimits;
import org.newsroom.quota.Quota;
import org.newsroom.quota.QuotaInstrumentation;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import graphql.ExecutionResult;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.smallrye.graphql.execution.ExecutionService;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * One GraphQL WebSocket: the protocol on the socket's event loop, every operation on a worker
 * thread of its own (a duplicated Vert.x context, so operations keep their request contexts
 * apart), as if it were a POST by the caller of the upgrade request:
 * <ul>
 * <li>the payload passes {@link GraphQLRequestGuard}'s checks first (refusals keep their codes);</li>
 * <li>a query the {@link SocketReadPath} (the compiled read path) takes is answered by it, paid and
 * framed as the interpreter's answer would be; anything it declines goes to the interpreter;</li>
 * <li>each operation has a request context with the upgrade request's identity and headers, and
 * the caller's rate limit budget pays for it ({@link Quota#CALLER}), subscriptions included;</li>
 * <li>a socket holds at most {@code max-operations} active operations, must send
 * {@code connection_init} within {@code init-timeout} (else 4408), gets a keep-alive message every
 * {@code keep-alive}, and is closed (1008) when its token expires.</li>
 * </ul>
 * Close codes follow graphql-transport-ws for both protocols: 4400 for a message that is not one
 * of the protocol, 4401 for an operation before {@code connection_init}, 4409 for an id in use,
 * 4429 for a second {@code connection_init}.
 */
final class GraphQLSocket {

    private static final Logger LOG = Logger.getLogger(GraphQLSocket.class);

    /** {@code extensions.limit} (and the breach counter's label) when a socket has too many operations. */
    static final String OPERATIONS_LIMIT = "websocket-operations";

    private static final Set<String> REQUEST_KEYS = Set.of("query", "operationName", "variables", "extensions");

    private final ServerWebSocket socket;
    private final SubProtocol protocol;
    private final RoutingContext upgrade;
    private final SecurityIdentity identity;
    private final Quota.Caller caller;
    private final RequestLimits.WebSocket limits;
    private final GraphQLRequestGuard guard;
    private final PersistedOperations persisted;
    private final SocketReadPath readPath;
    private final Context context;
    private final Vertx vertx;
    private final Map<String, List<String>> headers = new HashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    /** Read and written on the socket's event loop only. */
    private boolean initialised;
    private long initTimer = -1;
    private long keepAliveTimer = -1;
    private long expiryTimer = -1;

    GraphQLSocket(ServerWebSocket socket, SubProtocol protocol, RoutingContext upgrade, SecurityIdentity identity,
            Quota.Caller caller, RequestLimits.WebSocket limits, GraphQLRequestGuard guard, PersistedOperations persisted,
            SocketReadPath readPath) {
        this.socket = socket;
        this.protocol = protocol;
        this.upgrade = upgrade;
        this.identity = identity;
        this.caller = caller;
        this.limits = limits;
        this.guard = guard;
        this.persisted = persisted;
        this.readPath = readPath;
        this.context = Vertx.currentContext();
        this.vertx = context.owner();
        upgrade.request().headers().forEach(header -> headers
                .computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue()));
    }

    void start() {
        socket.textMessageHandler(this::onText);
        socket.binaryMessageHandler(binary -> close(4400, "Invalid message: send JSON text"));
        socket.exceptionHandler(failure -> LOG.debugf("GraphQL WebSocket: %s", failure.getMessage()));
        socket.closeHandler(closed -> onClose());
        initTimer = vertx.setTimer(limits.initTimeout().toMillis(), timer -> {
            if (!initialised) {
                close(4408, "Connection initialisation timeout");
            }
        });
        keepAliveTimer = vertx.setPeriodic(limits.keepAlive().toMillis(),
                timer -> send("{\"type\":\"" + protocol.keepAlive + "\"}"));
        Object expiresAt = identity == null ? null : identity.getAttribute("quarkus.identity.expire-time");
        if (expiresAt instanceof Long seconds) {
            long delay = Math.max(1, seconds * 1000 - System.currentTimeMillis());
            expiryTimer = vertx.setTimer(delay, timer -> close(1008, "Authentication expired"));
        }
    }

    private void onText(String text) {
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (RuntimeException notAnObject) {
            close(4400, "Invalid message: not a JSON object");
            return;
        }
        String type = message.getValue("type") instanceof String value ? value : "";
        if (type.equals("connection_init")) {
            initialise();
        } else if (type.equals(protocol.start)) {
            start(message);
        } else if (type.equals(protocol.stop)) {
            Operation operation = message.getValue("id") instanceof String id ? operations.get(id) : null;
            if (operation != null) {
                finish(operation);
            }
        } else if (protocol == SubProtocol.GRAPHQL_TRANSPORT_WS && type.equals("ping")) {
            send("{\"type\":\"pong\"}");
        } else if (protocol == SubProtocol.GRAPHQL_TRANSPORT_WS && type.equals("pong")) {
            LOG.tracef("GraphQL WebSocket: pong"); // the answer to our keep-alive
        } else if (protocol == SubProtocol.GRAPHQL_WS && type.equals("connection_terminate")) {
            close(1000, "");
        } else {
            close(4400, "Invalid message: unknown type");
        }
    }

    private void initialise() {
        if (initialised) {
            close(4429, "Too many initialisation requests");
            return;
        }
        initialised = true;
        vertx.cancelTimer(initTimer);
        send("{\"type\":\"connection_ack\"}");
    }

    private void start(JsonObject message) {
        if (!initialised) {
            close(4401, "Unauthorized");
            return;
        }
        String id = message.getValue("id") instanceof String value && !value.isEmpty() ? value : null;
        JsonObject payload = message.getValue("payload") instanceof JsonObject value ? value : null;
        if (id == null || payload == null) {
            close(4400, "Invalid message: " + protocol.start + " needs an id and a payload object");
            return;
        }
        if (operations.containsKey(id)) {
            close(4409, "Subscriber for " + printable(id) + " already exists");
            return;
        }
        int max = limits.maxOperations();
        if (operations.size() >= max) {
            LimitBreaches.count(OPERATIONS_LIMIT);
            sendErrors(id, errors(ErrorCode.QUERY_LIMIT_EXCEEDED, OPERATIONS_LIMIT, "This socket already has " + max
                    + " active operations (subscriptions, and queries still running), the most it may hold; "
                    + "complete one first."));
            return;
        }
        Operation operation = new Operation(id, VertxContext.createNewDuplicatedContext(context));
        operations.put(id, operation);
        operation.context.executeBlocking(() -> {
            run(operation, payload);
            return null;
        }, false).onFailure(failure -> fail(operation, failure));
    }

    /**
     * On a worker: the checks of a POST, then the operation on the compiled read path, or, when that
     * declines it, through the interpreter.
     */
    private void run(Operation operation, JsonObject payload) {
        if (operation.isOver()) {
            return;
        }
        Optional<GraphQLRequestGuard.Refusal> refusal = guard.check(payload.toBuffer());
        if (refusal.isPresent()) {
            GraphQLRequestGuard.Refusal refused = refusal.get();
            if (finish(operation)) {
                sendErrors(operation.id, errors(refused.code(), refused.limit(), refused.message()));
            }
            return;
        }
        boolean anonymous = identity == null || identity.isAnonymous();
        if (!persisted.mayRunInFull(anonymous, payload.getValue("query") instanceof String query ? query : "")) {
            if (finish(operation)) {
                sendErrors(operation.id, errors(ErrorCode.PERSISTED_QUERY_REQUIRED, null, PersistedOperations.UNTRUSTED));
            }
            return;
        }
        SocketReadPath.Request read = readPath == null ? null : readRequest(payload);
        if (read == null) {
            interpret(operation, payload, null);
            return;
        }
        Future<SocketReadPath.Answer> answer = readPath.answer(read);
        if (answer.isComplete()) {
            answered(operation, payload, orDeclined(answer));
            return;
        }
        answer.onComplete(done -> {
            SocketReadPath.Answer compiled = orDeclined(done);
            if (compiled.result() != null) {
                answered(operation, payload, compiled);
                return;
            }
            operation.context.executeBlocking(() -> {
                answered(operation, payload, compiled);
                return null;
            }, false).onFailure(failure -> fail(operation, failure));
        });
    }

    /**
     * The operation as the compiled read path takes it, as a POST's body would be: {@code query},
     * and optionally {@code operationName}, {@code variables} and {@code extensions} (the client's),
     * nothing else; null for SmallRye's execution.
     */
    private SocketReadPath.Request readRequest(JsonObject payload) {
        if (!REQUEST_KEYS.containsAll(payload.fieldNames()) || !(payload.getValue("query") instanceof String query)
                || payload.getValue("operationName") != null && !(payload.getValue("operationName") instanceof String)
                || payload.getValue("variables") != null && !(payload.getValue("variables") instanceof JsonObject)
                || payload.getValue("extensions") != null && !(payload.getValue("extensions") instanceof JsonObject)) {
            return null;
        }
        JsonObject variables = payload.getJsonObject("variables");
        return new SocketReadPath.Request(query, payload.getString("operationName"),
                variables == null ? Map.of() : variables.getMap(), identity, caller, upgrade);
    }

    private static SocketReadPath.Answer orDeclined(AsyncResult<SocketReadPath.Answer> answer) {
        return answer.succeeded() && answer.result() != null ? answer.result() : SocketReadPath.Answer.DECLINED;
    }

    /** The compiled path's result as the interpreter's would be sent; when it declined, the interpreter's (on a worker). */
    private void answered(Operation operation, JsonObject payload, SocketReadPath.Answer answer) {
        if (answer.result() == null) {
            interpret(operation, payload, answer.charge());
            return;
        }
        if (finish(operation)) {
            send(message(operation.id, protocol.result, answer.result().toString(StandardCharsets.UTF_8)));
            send(message(operation.id, "complete", null));
        }
    }

    /**
     * On a worker: the operation through the interpreter, with its own request context.
     *
     * @param prepaid what the compiled read path already took from the caller's bucket, or null
     */
    private void interpret(Operation operation, JsonObject payload, QuotaInstrumentation.Charge prepaid) {
        if (operation.isOver()) {
            return;
        }
        ManagedContext requestContext = Arc.container().requestContext();
        InjectableContext.ContextState state = requestContext.activate();
        operation.requestState.set(state);
        try {
            Arc.container().instance(CurrentVertxRequest.class).get().setCurrent(upgrade);
            if (identity != null) {
                Arc.container().instance(CurrentIdentityAssociation.class).get().setIdentity(identity);
            }
            Map<String, Object> metadata = new HashMap<>();
            metadata.put("runBlocking", Boolean.TRUE); // SmallRye's resolvers run inline, on this worker
            metadata.put("httpHeaders", headers);
            metadata.put("state", state); // the resolvers reactivate this request context
            metadata.put(Quota.CALLER, caller);
            if (prepaid != null) {
                metadata.put(QuotaInstrumentation.CHARGE, prepaid);
            }
            executionService().executeSync(jakartaJson(payload), metadata, new Writer(operation));
        } finally {
            requestContext.deactivate();
            if (!operation.streaming || operation.isOver()) {
                // A query or mutation has finished here (executeSync); a subscription keeps its context.
                operation.releaseRequestState();
            }
        }
    }

    /** Answers of one operation: one result (and complete), or the stream of a subscription. */
    private final class Writer implements ExecutionResponseWriter {

        private final Operation operation;

        Writer(Operation operation) {
            this.operation = operation;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void write(ExecutionResponse response) {
            ExecutionResult result = response.getExecutionResult();
            if (result.isDataPresent() && result.getData() instanceof Publisher<?> stream) {
                subscribe(operation, (Publisher<ExecutionResult>) stream);
                return;
            }
            if (!finish(operation)) {
                return; // completed by the client meanwhile
            }
            String body = response.getExecutionResultAsString();
            if (!result.isDataPresent() && protocol == SubProtocol.GRAPHQL_TRANSPORT_WS) {
                send(message(operation.id, "error", new JsonObject(body).getJsonArray("errors").encode()));
                return;
            }
            send(message(operation.id, protocol.result, body));
            send(message(operation.id, "complete", null));
        }

        @Override
        public void fail(Throwable failure) {
            GraphQLSocket.this.fail(operation, failure);
        }
    }

    private void subscribe(Operation operation, Publisher<ExecutionResult> stream) {
        operation.streaming = true;
        stream.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                operation.subscription = subscription;
                if (operation.isOver()) {
                    subscription.cancel();
                } else {
                    subscription.request(1);
                }
            }

            @Override
            public void onNext(ExecutionResult event) {
                if (!operation.isOver()) {
                    send(message(operation.id, protocol.result, new ExecutionResponse(event).getExecutionResultAsString()));
                    operation.subscription.request(1);
                }
            }

            @Override
            public void onError(Throwable failure) {
                fail(operation, failure);
            }

            @Override
            public void onComplete() {
                if (finish(operation)) {
                    send(message(operation.id, "complete", null));
                }
            }
        });
    }

    private void fail(Operation operation, Throwable failure) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(failure, "GraphQL WebSocket: operation failed (reference %s)", reference);
        if (finish(operation)) {
            sendErrors(operation.id, errors(ErrorCode.INTERNAL_SERVER_ERROR, null,
                    "The server could not complete this operation; reference " + reference + "."));
        }
    }

    /** Ends an operation once (whoever is first: its result, the client, the socket's end); false if it was over. */
    private boolean finish(Operation operation) {
        if (!operation.over.compareAndSet(false, true)) {
            return false;
        }
        operations.remove(operation.id, operation);
        Subscription subscription = operation.subscription;
        if (subscription != null) {
            subscription.cancel();
        }
        if (operation.streaming) {
            // After an event still being delivered on the operation's context (deliveries are ordered there).
            operation.context.executeBlocking(() -> {
                operation.releaseRequestState();
                return null;
            }, true);
        }
        return true;
    }

    private void onClose() {
        vertx.cancelTimer(initTimer);
        vertx.cancelTimer(keepAliveTimer);
        vertx.cancelTimer(expiryTimer);
        operations.values().forEach(this::finish);
    }

    private void sendErrors(String id, JsonArray errors) {
        if (protocol == SubProtocol.GRAPHQL_TRANSPORT_WS) {
            send(message(id, "error", errors.encode()));
        } else {
            // graphql-ws: a result with errors and no data, as the body of an HTTP response would be
            send(message(id, protocol.result, new JsonObject().put("errors", errors).encode()));
            send(message(id, "complete", null));
        }
    }

    private static JsonArray errors(ErrorCode code, String limit, String message) {
        JsonObject extensions = new JsonObject().put("code", code.name());
        if (limit != null) {
            extensions.put("limit", limit);
        }
        return new JsonArray().add(new JsonObject().put("message", message).put("extensions", extensions));
    }

    private static String message(String id, String type, String payloadJson) {
        StringBuilder message = new StringBuilder("{\"id\":").append(Json.encode(id)).append(",\"type\":\"")
                .append(type).append('"');
        if (payloadJson != null) {
            message.append(",\"payload\":").append(payloadJson);
        }
        return message.append('}').toString();
    }

    private void send(String text) {
        if (socket.isClosed()) {
            return;
        }
        socket.writeTextMessage(text).onFailure(failure -> LOG.debugf("GraphQL WebSocket: not sent (%s)",
                failure.getMessage()));
    }

    private void close(int code, String reason) {
        if (!socket.isClosed()) {
            socket.close((short) code, reason);
        }
    }

    private static String printable(String id) {
        String shortened = id.length() > 60 ? id.substring(0, 60) + "..." : id;
        return shortened.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static jakarta.json.JsonObject jakartaJson(JsonObject payload) {
        try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(new StringReader(payload.encode()))) {
            return reader.readObject();
        }
    }

    private static ExecutionService executionService() {
        return Arc.container().instance(ExecutionService.class).get();
    }

    private static final class Operation {
        final String id;
        /** Its own duplicated Vert.x context: a request context, and the order of its events. */
        final Context context;
        final AtomicBoolean over = new AtomicBoolean();
        /** A subscription's stream has been returned: its request context lives until it ends. */
        volatile boolean streaming;
        volatile Subscription subscription;
        final AtomicReference<InjectableContext.ContextState> requestState = new AtomicReference<>();

        Operation(String id, Context context) {
            this.id = id;
            this.context = context;
        }

        boolean isOver() {
            return over.get();
        }

        void releaseRequestState() {
            InjectableContext.ContextState state = requestState.getAndSet(null);
            if (state != null) {
                Arc.container().requestContext().destroy(state);
            }
        }
    }
}
