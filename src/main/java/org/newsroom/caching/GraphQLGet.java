package org.newsroom.caching;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.GraphQLRoutes;
import org.newsroom.graphql.ResponseMediaType;

import graphql.ExecutionResult;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * GraphQL over GET ({@code /graphql?query=...&variables=...&operationName=...}), for queries only,
 * with HTTP validators: an ETag (a hash of the data), Last-Modified ({@link ContentClock}),
 * and 304 Not Modified for {@code If-None-Match} (or, without it, {@code If-Modified-Since}).
 * <p>
 * It takes GET before SmallRye's handler, which in this version decodes the parameters twice
 * (a {@code +} or {@code %} in a query breaks) and passes the query text as the operation name.
 * Execution is SmallRye's (identity, request context, instrumentations); only reading the request
 * and writing the response are ours, so that the body can be hashed before the headers go out.
 * A mutation or subscription over GET is refused with HTTP 405 before anything runs, as the
 * GraphQL-over-HTTP draft asks. POST stays with SmallRye and gets no ETag: HTTP caches do not
 * reuse POST responses and 304 only answers GET, so hashing them would cost for nothing.
 */
@ApplicationScoped
public class GraphQLGet {

    static final String JSON_CONTENT_TYPE = ResponseMediaType.JSON;

    @Inject
    GraphQLRoutes routes;

    @Inject
    ContentClock clock;

    void routes(@Observes Router router) {
        CurrentIdentityAssociation identities = Arc.container().instance(CurrentIdentityAssociation.class).get();
        CurrentVertxRequest current = Arc.container().instance(CurrentVertxRequest.class).get();
        routes.route(router, GraphQLRoutes.Step.INTERPRETED_GET).blockingHandler(new Handler(identities, current, clock),
                false);
    }

    static final class Handler extends SmallRyeGraphQLAbstractHandler {

        private final ContentClock clock;

        Handler(CurrentIdentityAssociation identities, CurrentVertxRequest current, ContentClock clock) {
            super(identities, current, true);
            this.clock = clock;
        }

        @Override
        protected void doHandle(RoutingContext context) {
            HttpServerResponse response = context.response();
            String contentType = contentType(context);
            if (contentType == null) {
                refuse(context, 406, ErrorCode.NOT_ACCEPTABLE, "Accept application/json or application/graphql-response+json.");
                return;
            }
            String query = context.queryParams().get("query");
            if (query == null || query.isBlank()) {
                refuse(context, 400, ErrorCode.BAD_REQUEST, "A GET request needs the GraphQL document in the "
                        + "'query' parameter.");
                return;
            }
            JsonObjectBuilder input = Json.createObjectBuilder().add("query", query);
            String operationName = context.queryParams().get("operationName");
            if (operationName != null && !operationName.isEmpty()) {
                input.add("operationName", operationName);
            }
            for (String name : List.of("variables", "extensions")) {
                String json = context.queryParams().get(name);
                if (json == null || json.isEmpty()) {
                    continue;
                }
                JsonObject object = jsonObject(json);
                if (object == null) {
                    refuse(context, 400, ErrorCode.BAD_REQUEST, "The '" + name + "' parameter must be a JSON object.");
                    return;
                }
                input.add(name, object);
            }
            OperationDefinition.Operation operation = operation(query, operationName);
            if (operation == OperationDefinition.Operation.MUTATION
                    || operation == OperationDefinition.Operation.SUBSCRIPTION) {
                response.putHeader(HttpHeaders.ALLOW, "POST");
                refuse(context, 405, ErrorCode.METHOD_NOT_ALLOWED, "A " + operation.name().toLowerCase()
                        + " cannot be sent with GET; send it with POST.");
                return;
            }
            // Read before the operation runs: content it reads is at least this new.
            Optional<Instant> lastModified = clock.lastModified();
            getExecutionService().executeAsync(input.build(), getMetaData(context),
                    new Writer(context, contentType, lastModified));
        }

        /** The operation a GET would run; null when the document does not parse (execution reports that). */
        private static OperationDefinition.Operation operation(String query, String operationName) {
            Document document;
            try {
                document = Parser.parse(query);
            } catch (RuntimeException unparseable) {
                return null;
            }
            OperationDefinition.Operation found = null;
            for (OperationDefinition definition : document.getDefinitionsOfType(OperationDefinition.class)) {
                if (operationName == null || operationName.isEmpty() || operationName.equals(definition.getName())) {
                    if (definition.getOperation() != OperationDefinition.Operation.QUERY) {
                        return definition.getOperation();
                    }
                    found = definition.getOperation();
                }
            }
            return found;
        }

        private static JsonObject jsonObject(String json) {
            try (JsonReader reader = Json.createReader(new StringReader(json))) {
                JsonValue value = reader.readValue();
                return value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
            } catch (JsonException | IllegalStateException e) {
                return null;
            }
        }

        /** The negotiated response type; null when none is acceptable (GraphQLRequestGuard refuses that first). */
        private static String contentType(RoutingContext context) {
            return ResponseMediaType.of(context);
        }

        private static void refuse(RoutingContext context, int status, ErrorCode code, String message) {
            JsonObject body = Json.createObjectBuilder()
                    .add("errors", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("message", message)
                            .add("extensions", Json.createObjectBuilder().add("code", code.name()))))
                    .build();
            context.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON_CONTENT_TYPE)
                    .end(body.toString());
        }
    }

    /** Writes the result, or 304 when the client's copy is still the one it would get. */
    static final class Writer implements ExecutionResponseWriter {

        private final RoutingContext context;
        private final String contentType;
        private final Optional<Instant> lastModified;

        Writer(RoutingContext context, String contentType, Optional<Instant> lastModified) {
            this.context = context;
            this.contentType = contentType;
            this.lastModified = lastModified;
        }

        @Override
        public void write(ExecutionResponse executionResponse) {
            HttpServerResponse response = context.response();
            if (response.ended() || response.closed()) {
                return;
            }
            String body = executionResponse.getExecutionResultAsString();
            response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
            ExecutionResult result = executionResponse.getExecutionResult();
            if (result.getErrors().isEmpty() && validated(context, contentType, withoutExtensions(result, body),
                    lastModified)) {
                response.setStatusCode(304).end();
                return;
            }
            response.setStatusCode(200).end(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void fail(Throwable failure) {
            context.fail(failure);
        }
    }

    /**
     * Sets the validators of an answer to a GET without errors, computed from its body without
     * {@code extensions} as SmallRye writes it; true when the client's copy is current (answer 304).
     * The compiled read path (org.newsroom.compiled) answers GETs with the same validators.
     */
    public static boolean validated(RoutingContext context, String contentType, String bodyWithoutExtensions,
            Optional<Instant> lastModified) {
        return withValidators(context, etag(contentType, bodyWithoutExtensions.getBytes(StandardCharsets.UTF_8)),
                lastModified);
    }

    /** {@link #validated(RoutingContext, String, String, Optional)} for a body given as UTF-8 parts. */
    public static boolean validated(RoutingContext context, String contentType, Optional<Instant> lastModified,
            byte[]... bodyWithoutExtensions) {
        return withValidators(context, etag(contentType, bodyWithoutExtensions), lastModified);
    }

    private static boolean withValidators(RoutingContext context, String etag, Optional<Instant> lastModified) {
        context.response().putHeader(HttpHeaders.ETAG, etag);
        lastModified.ifPresent(at -> context.response().putHeader(HttpHeaders.LAST_MODIFIED, httpDate(at)));
        return notModified(context, etag, lastModified);
    }

    /**
     * The body without {@code extensions}: they carry the caller's remaining rate limit budget,
     * which changes with every request while the data stays the same.
     */
    static String withoutExtensions(ExecutionResult result, String body) {
        if (result.getExtensions() == null || result.getExtensions().isEmpty()) {
            return body;
        }
        return new ExecutionResponse(result.transform(builder -> builder.extensions(null))).getExecutionResultAsString();
    }

    /**
     * A weak validator (the data is the same, {@code extensions} may differ): the first 128 bits of
     * the SHA-256 of the media type and the body without extensions.
     */
    static String etag(String contentType, byte[]... body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(contentType.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            for (byte[] part : body) {
                sha256.update(part);
            }
            byte[] hash = sha256.digest();
            return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** RFC 9110: If-None-Match (weak comparison) decides when present; else If-Modified-Since. */
    static boolean notModified(RoutingContext context, String etag, Optional<Instant> lastModified) {
        String ifNoneMatch = context.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            String opaque = opaque(etag);
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = opaque(candidate.trim());
                if (tag.equals("*") || tag.equals(opaque)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = context.request().getHeader(HttpHeaders.IF_MODIFIED_SINCE);
        if (ifModifiedSince == null || lastModified.isEmpty()) {
            return false;
        }
        try {
            Instant since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !lastModified.get().isAfter(since);
        } catch (DateTimeParseException malformed) {
            return false; // RFC 9110: an invalid date is ignored
        }
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** IMF-fixdate, e.g. {@code Mon, 07 Dec 2026 05:09:03 GMT}. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);

    static String httpDate(Instant at) {
        return HTTP_DATE.format(at);
    }
}
