package org.newsroom.graphql;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.parser.exceptions.ParseCancelledTooDeepException;
import graphql.parser.exceptions.ParseCancelledTooManyCharsException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Checks a GraphQL request over HTTP (POST and GET) before anything else reads it: an acceptable
 * response type, body size, one operation per request, variables size and nesting, and a document
 * that parses within the token limit with few enough executed fields, aliases and root fields,
 * measured as the operation would execute (fragments expanded) without expanding anything
 * ({@link OperationMeasure}). A refused request costs one streaming pass over the body, one parse
 * and one pass over the document; it gets a GraphQL-shaped JSON error with {@code extensions.code}
 * (and {@code extensions.limit} for a limit) and is counted in {@link LimitBreaches}. Other
 * transports call {@link #check(String, String)}.
 *
 * <p>Depth is checked again with the schema's view by {@link OperationLimitsInstrumentation}.
 */
@ApplicationScoped
public class GraphQLRequestGuard {

    private static final JsonFactory JSON = JsonFactory.builder()
            // SmallRye accepts raw line breaks and tabs inside strings (queries from text blocks).
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    /** Documents that passed every check (they depend on nothing else: not on variables or the caller). */
    private static final int MAX_REMEMBERED_DOCUMENTS = 1000;
    private static final int MAX_REMEMBERED_DOCUMENT = 20_000;

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();

    @Inject
    RequestLimits limits;

    @Inject
    GraphQLRoutes routes;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    DocumentParser documentParser;

    void install(@Observes Router router) {
        long maxBody = maxBodySize.asLongValue();
        routes.route(router, GraphQLRoutes.Step.POST_HEADERS).handler(context -> checkHeaders(context, maxBody));
        Route body = routes.route(router, GraphQLRoutes.Step.POST_BODY);
        body.handler(BodyHandler.create().setBodyLimit(maxBody).setHandleFileUploads(false));
        body.failureHandler(this::refuseUnreadableBody);
        routes.route(router, GraphQLRoutes.Step.CHECKED_POST).handler(this::checkPost);
        routes.route(router, GraphQLRoutes.Step.CHECKED_GET).handler(this::checkGet);
    }

    /** What can be refused before reading the body: the response type, the body's type and declared length. */
    private void checkHeaders(RoutingContext context, long maxBody) {
        if (ResponseMediaType.of(context) == null) {
            refuseNotAcceptable(context);
            return;
        }
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase();
        if (!mediaType.isEmpty() && !mediaType.equals("application/json") && !mediaType.equals("*/*")
                && !mediaType.equals("application/graphql")) {
            refuse(context, 415, ErrorCode.BAD_REQUEST, null, "Content type '" + printable(mediaType)
                    + "' is not supported; send application/json (or application/graphql).");
            return;
        }
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                refuse(context, 400, ErrorCode.BAD_REQUEST, null, "The Content-Length header is not a number.");
                return;
            }
            if (length > maxBody) {
                // The body is never read: close the connection rather than drain it.
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                refuseBodySize(context, maxBody);
                return;
            }
        }
        context.next();
    }

    private void refuseUnreadableBody(RoutingContext context) {
        if (context.response().ended()) {
            return;
        }
        if (context.statusCode() == 413) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            refuseBodySize(context, maxBodySize.asLongValue());
        } else if (context.statusCode() >= 400 && context.statusCode() < 500) {
            refuse(context, context.statusCode(), ErrorCode.BAD_REQUEST, null, "The request body could not be read.");
        } else {
            context.next();
        }
    }

    private void refuseBodySize(RoutingContext context, long maxBody) {
        refuse(context, 413, ErrorCode.QUERY_LIMIT_EXCEEDED, LimitBreaches.BODY_SIZE,
                "The request body is larger than " + maxBody + " bytes.");
    }

    private void checkPost(RoutingContext context) {
        Buffer body = context.body() == null ? null : context.body().buffer();
        if (body == null || body.length() == 0) {
            refuse(context, 400, ErrorCode.BAD_REQUEST, null,
                    "The request has no body; send {\"query\": ...} as application/json.");
            return;
        }
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase();
        Refusal refusal;
        if (mediaType.equals("application/graphql")) {
            refusal = checkDocumentBody(body);
        } else {
            refusal = checkJsonBody(body);
        }
        if (refusal != null) {
            refuse(context, refusal);
        } else {
            context.next();
        }
    }

    /**
     * GraphQL over GET gets the checks of a POST (what its own handler refuses, such as a missing
     * query or a mutation, it still refuses after these).
     */
    private void checkGet(RoutingContext context) {
        if (isWebSocketUpgrade(context)) {
            context.next();
            return;
        }
        if (ResponseMediaType.of(context) == null) {
            refuseNotAcceptable(context);
            return;
        }
        String query = context.queryParams().get("query");
        Refusal refusal = null;
        String variables = context.queryParams().get("variables");
        if (variables != null && !variables.isEmpty()) {
            refusal = checkVariablesJson(variables);
        }
        if (refusal == null) {
            refusal = checkExtensionsParameter(context.queryParams().get("extensions"));
        }
        if (refusal == null && query != null && !query.isBlank()) {
            refusal = checkDocument(query);
        }
        if (refusal != null) {
            refuse(context, refusal);
        } else {
            context.next();
        }
    }

    private static boolean isWebSocketUpgrade(RoutingContext context) {
        String upgrade = context.request().getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private static void refuseNotAcceptable(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        refuse(context, new Refusal(406, ErrorCode.NOT_ACCEPTABLE, null, "No acceptable response type in Accept '"
                + printable(accept == null ? "" : accept) + "'; accept application/json or "
                + "application/graphql-response+json."));
    }

    /**
     * The checks of a GraphQL request that arrived another way (e.g. over WebSocket): the document
     * (tokens, executed fields, aliases, root fields) and the variables (size, nesting). An empty
     * answer means go ahead; a refusal is counted in {@link LimitBreaches} and its
     * {@link Refusal#error()} is the GraphQL error to send.
     *
     * @param variables the JSON of the variables object, or null
     */
    public Optional<Refusal> check(String query, String variables) {
        Refusal refusal = variables == null ? null : checkVariablesJson(variables);
        if (refusal == null) {
            refusal = query == null || query.isBlank()
                    ? new Refusal(400, ErrorCode.BAD_REQUEST, null, "The request has no 'query'.")
                    : checkDocument(query);
        }
        if (refusal != null && refusal.limit() != null) {
            LimitBreaches.count(refusal.limit());
        }
        return Optional.ofNullable(refusal);
    }

    /**
     * The checks of a POST body, for the same JSON object sent another way (the payload of a
     * WebSocket subscribe message): empty when it may run. A breached limit is counted.
     */
    public Optional<Refusal> check(Buffer jsonRequest) {
        Refusal refusal = checkJsonBody(jsonRequest);
        if (refusal != null && refusal.limit() != null) {
            LimitBreaches.count(refusal.limit());
        }
        return Optional.ofNullable(refusal);
    }

    /**
     * The document checks for a document that arrived by other means than the request's own
     * {@code query} (a persisted operation's, before it is registered): true when it may run;
     * otherwise the refusal has been sent (and a breached limit counted).
     */
    public boolean admitDocument(RoutingContext context, String query) {
        Refusal refusal = checkDocument(query);
        if (refusal == null) {
            return true;
        }
        refuse(context, refusal);
        return false;
    }

    private Refusal checkVariablesJson(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            Refusal refusal = checkVariables(parser, parser.nextToken());
            if (refusal == null && parser.nextToken() != null) {
                return new Refusal(400, ErrorCode.BAD_REQUEST, null, "'variables' must be a JSON object.");
            }
            return refusal;
        } catch (IOException | RuntimeException e) {
            return new Refusal(400, ErrorCode.BAD_REQUEST, null, "'variables' must be a JSON object.");
        }
    }

    private static Refusal checkExtensionsParameter(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                parser.skipChildren();
                if (parser.nextToken() == null) {
                    return null;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: refused below
        }
        return new Refusal(400, ErrorCode.BAD_REQUEST, null, "'extensions' must be a JSON object.");
    }

    private Refusal checkDocumentBody(Buffer body) {
        try {
            String query = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(body.getByteBuf().nioBuffer()).toString();
            return checkDocument(query);
        } catch (CharacterCodingException e) {
            return new Refusal(400, ErrorCode.BAD_REQUEST, null, "The request body is not valid UTF-8.");
        }
    }

    private Refusal checkJsonBody(Buffer body) {
        if (hasControlBytes(body) || startsWithByteOrderMark(body)) {
            // SmallRye's JSON reader refuses them without a code; raw line breaks and tabs are fine.
            return notAGraphQLRequest();
        }
        String query = null;
        try (JsonParser parser = JSON.createParser(body.getBytes())) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                return new Refusal(400, ErrorCode.QUERY_LIMIT_EXCEEDED, LimitBreaches.BATCH,
                        "Batched operations are not supported; send one operation per request.");
            }
            if (first != JsonToken.START_OBJECT) {
                return notAGraphQLRequest();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "query" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            query = parser.getText();
                        } else if (value != JsonToken.VALUE_NULL) {
                            return new Refusal(400, ErrorCode.BAD_REQUEST, null, "'query' must be a string.");
                        }
                    }
                    case "operationName" -> {
                        // Every operation of the document is checked: which one runs is decided later.
                        if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                            return new Refusal(400, ErrorCode.BAD_REQUEST, null, "'operationName' must be a string.");
                        }
                    }
                    case "variables" -> {
                        Refusal refusal = checkVariables(parser, value);
                        if (refusal != null) {
                            return refusal;
                        }
                    }
                    case "extensions" -> {
                        if (value == JsonToken.START_OBJECT) {
                            parser.skipChildren();
                        } else if (value != JsonToken.VALUE_NULL) {
                            return new Refusal(400, ErrorCode.BAD_REQUEST, null, "'extensions' must be an object.");
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return notAGraphQLRequest();
            }
        } catch (IOException | RuntimeException e) {
            // Malformed JSON, invalid UTF-8, or beyond Jackson's own nesting and length limits.
            return notAGraphQLRequest();
        }
        if (query == null || query.isBlank()) {
            return new Refusal(400, ErrorCode.BAD_REQUEST, null, "The request has no 'query'.");
        }
        return checkDocument(query);
    }

    private static boolean startsWithByteOrderMark(Buffer body) {
        return body.length() >= 3 && body.getByte(0) == (byte) 0xEF && body.getByte(1) == (byte) 0xBB
                && body.getByte(2) == (byte) 0xBF;
    }

    private static boolean hasControlBytes(Buffer body) {
        for (int i = 0, length = body.length(); i < length; i++) {
            byte b = body.getByte(i);
            if (b >= 0 && b < 0x20 && b != '\n' && b != '\r' && b != '\t') {
                return true;
            }
        }
        return false;
    }

    private Refusal checkVariables(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            return new Refusal(400, ErrorCode.BAD_REQUEST, null, "'variables' must be an object.");
        }
        long start = parser.currentTokenLocation().getByteOffset();
        int maxDepth = limits.maxVariablesDepth();
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return notAGraphQLRequest();
            }
            if (token.isStructStart()) {
                depth++;
                if (depth > maxDepth) {
                    return new Refusal(400, ErrorCode.QUERY_LIMIT_EXCEEDED, LimitBreaches.VARIABLES_DEPTH,
                            "The variables are nested more than " + maxDepth + " levels deep.");
                }
            } else if (token.isStructEnd()) {
                depth--;
            }
        }
        long size = parser.currentLocation().getByteOffset() - start;
        long maxSize = limits.maxVariablesSize().asLongValue();
        if (size > maxSize) {
            return new Refusal(400, ErrorCode.QUERY_LIMIT_EXCEEDED, LimitBreaches.VARIABLES_SIZE,
                    "The variables take " + size + " bytes, more than the limit of " + maxSize + ".");
        }
        return null;
    }

    private Refusal checkDocument(String query) {
        if (accepted.contains(query)) {
            return null;
        }
        Refusal refusal = parseAndCheck(query);
        if (refusal == null && query.length() <= MAX_REMEMBERED_DOCUMENT) {
            remember(query);
        }
        return refusal;
    }

    /**
     * Clients send the same few documents again and again with other variables; parsing each one
     * again cost a third of the CPU of a compiled answer. Only accepted documents are remembered,
     * so that every refusal is still counted; an arbitrary one makes room when the set is full.
     */
    private void remember(String query) {
        if (accepted.size() >= MAX_REMEMBERED_DOCUMENTS) {
            Iterator<String> documents = accepted.iterator();
            if (documents.hasNext()) {
                accepted.remove(documents.next());
            }
        }
        accepted.add(query);
    }

    private Refusal parseAndCheck(String query) {
        Document document;
        try {
            document = documentParser.parse(query);
        } catch (ParseCancelledException | ParseCancelledTooManyCharsException e) {
            return new Refusal(400, ErrorCode.QUERY_LIMIT_EXCEEDED, LimitBreaches.TOKENS,
                    "The document has more than " + documentParser.maxTokens() + " tokens.");
        } catch (ParseCancelledTooDeepException e) {
            return new Refusal(400, ErrorCode.QUERY_LIMIT_EXCEEDED, LimitBreaches.DEPTH,
                    "The document is nested too deeply.");
        } catch (InvalidSyntaxException e) {
            return new Refusal(400, ErrorCode.GRAPHQL_PARSE_FAILED, null, e.getMessage());
        }
        // Every operation of the document, as it would execute: which one runs is decided later.
        OperationMeasure measure = OperationMeasure.ofLargest(document);
        if (measure.tooDeep()) {
            return new Refusal(400, ErrorCode.QUERY_LIMIT_EXCEEDED, LimitBreaches.DEPTH,
                    "The document's fields and fragments are nested too deeply.");
        }
        if (measure.fields() > limits.maxFields()) {
            return new Refusal(400, ErrorCode.QUERY_LIMIT_EXCEEDED, LimitBreaches.FIELDS,
                    "The operation would execute " + count(measure.fields()) + " fields (fragments expanded), more "
                            + "than the limit of " + limits.maxFields() + ".");
        }
        if (measure.aliases() > limits.maxAliases()) {
            return new Refusal(400, ErrorCode.QUERY_LIMIT_EXCEEDED, LimitBreaches.ALIASES,
                    "The operation has " + count(measure.aliases()) + " aliases (fragments expanded), more than the "
                            + "limit of " + limits.maxAliases() + ".");
        }
        if (measure.rootFields() > limits.maxRootFields()) {
            return new Refusal(400, ErrorCode.QUERY_LIMIT_EXCEEDED, LimitBreaches.ROOT_FIELDS,
                    "The operation asks for " + count(measure.rootFields()) + " root fields, more than the limit of "
                            + limits.maxRootFields() + ".");
        }
        return null;
    }

    private static String count(long value) {
        return value == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(value);
    }

    private static Refusal notAGraphQLRequest() {
        return new Refusal(400, ErrorCode.BAD_REQUEST, null,
                "The request body is not a JSON object in UTF-8; send {\"query\": ..., \"variables\": {...}}.");
    }

    private static String printable(String text) {
        String shortened = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return shortened.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static void refuse(RoutingContext context, Refusal refusal) {
        refuse(context, refusal.status(), refusal.code(), refusal.limit(), refusal.message());
    }

    /**
     * Sends a request error: {@code errors} with one error of this code, in the negotiated media
     * type (a parse failure is HTTP 200 under {@code application/json}); a limit is counted.
     */
    public static void refuse(RoutingContext context, int status, ErrorCode code, String limit, String message) {
        if (limit != null) {
            LimitBreaches.count(limit);
        }
        String type = ResponseMediaType.of(context);
        if (code == ErrorCode.GRAPHQL_PARSE_FAILED && !ResponseMediaType.GRAPHQL_RESPONSE.equals(type)) {
            status = 200; // GraphQL over HTTP: application/json reports a document's errors with 200
        }
        JsonObject body = new JsonObject().put("errors", new JsonArray().add(new Refusal(status, code, limit, message)
                .error()));
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, type == null ? ResponseMediaType.JSON : type)
                .end(body.encode());
    }

    /**
     * Why a request is refused before it runs.
     *
     * @param status the HTTP status (a parse failure is 200 under {@code application/json})
     * @param limit the limit's name in {@code extensions.limit} and the breach counter, or null
     */
    public record Refusal(int status, ErrorCode code, String limit, String message) {

        /** The GraphQL error: {@code message} and {@code extensions} with {@code code} (and {@code limit}). */
        public JsonObject error() {
            JsonObject extensions = new JsonObject().put("code", code.name());
            if (limit != null) {
                extensions.put("limit", limit);
            }
            return new JsonObject().put("message", message).put("extensions", extensions);
        }
    }
}
