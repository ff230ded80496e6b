package org.newsroom.persisted;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.newsroom.caching.CacheHeaders;
import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.GraphQLRequestGuard;
import org.newsroom.graphql.GraphQLRoutes;
import org.newsroom.graphql.ResponseMediaType;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Persisted operations over HTTP: a request names its document by the SHA-256 hash in
 * {@code extensions.persistedQuery} (the automatic persisted queries protocol of Apollo Client and
 * urql, version 1), over POST or GET. The hash is looked up among the trusted documents and those
 * registered before; a hash sent with its document is checked and the document registered. The
 * document found is put into the request (the body of a POST, the {@code query} parameter of a
 * GET), so that everything after, the request guard, rate limits, the compiled read path, ETags,
 * treats it exactly as a document sent in full. A GET by hash may be kept by shared caches
 * ({@link CacheHeaders#markShared}).
 * <p>
 * With {@code newsroom.persisted.trusted-only}, a caller without credentials may run trusted
 * documents only (by hash, or sent in full with the same text); partners and editors keep
 * arbitrary documents and registration.
 */
@ApplicationScoped
public class PersistedOperations {

    private static final String PERSISTED_QUERY = "persistedQuery";

    static final String COUNTER = "graphql.persisted.operations";

    private static final ByteBuf PERSISTED_QUERY_BYTES = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer(PERSISTED_QUERY, StandardCharsets.US_ASCII));

    @Inject
    PersistedDocuments documents;

    @Inject
    PersistedConfig config;

    @Inject
    GraphQLRequestGuard guard;

    @Inject
    MeterRegistry registry;

    @Inject
    GraphQLRoutes routes;

    void install(@Observes Router router) {
        routes.route(router, GraphQLRoutes.Step.PERSISTED_POST).handler(this::post);
        routes.route(router, GraphQLRoutes.Step.PERSISTED_GET).handler(this::get);
    }

    /** The document to run, or the refusal already sent (null). */
    private record Found(String document) {
    }

    private void post(RoutingContext context) {
        if (trustedOnlyApplies(context) && carriesRequestInUrl(context)) {
            // SmallRye would merge these into the body, past the checks of the body's document.
            refuse(context, 400, ErrorCode.BAD_REQUEST, "A POST carries its GraphQL request in the body only; send "
                    + "no 'query', 'operationName', 'variables' or 'extensions' in its URL.");
            return;
        }
        Buffer body = context.body() == null ? null : context.body().buffer();
        if (body == null || body.length() == 0) {
            context.next();
            return;
        }
        if (isDocumentBody(context)) {
            // application/graphql: the body is the document, with no room for extensions
            if (!trustedOnlyApplies(context) || mayRunInFull(context, body.toString())) {
                context.next();
            }
            return;
        }
        if (!trustedOnlyApplies(context) && !mentionsPersistedQuery(body)) {
            context.next(); // nearly every POST: no second parse
            return;
        }
        JsonObject request;
        try {
            request = new JsonObject(body);
        } catch (RuntimeException notAnObject) {
            context.next(); // GraphQLRequestGuard refuses it
            return;
        }
        Object query = request.getValue("query");
        Object extensions = request.getValue("extensions");
        Object persisted = extensions instanceof JsonObject object ? object.getValue(PERSISTED_QUERY) : null;
        if (persisted == null) {
            if (!(query instanceof String text) || mayRunInFull(context, text)) {
                context.next();
            }
            return;
        }
        Found found = resolve(context, persisted, query instanceof String text ? text : null);
        if (found == null) {
            return;
        }
        request.put("query", found.document());
        JsonObject rest = ((JsonObject) extensions).copy();
        rest.remove(PERSISTED_QUERY);
        if (rest.isEmpty()) {
            request.remove("extensions"); // as sent in full: the compiled read path may answer it
        } else {
            request.put("extensions", rest);
        }
        context.setBody(request.toBuffer());
        context.next();
    }

    private void get(RoutingContext context) {
        String upgrade = context.request().getHeader(HttpHeaders.UPGRADE);
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket") || ResponseMediaType.of(context) == null) {
            context.next(); // the WebSocket endpoint, or GraphQLRequestGuard's 406
            return;
        }
        String query = context.queryParams().get("query");
        if (query != null && query.isBlank()) {
            query = null;
        }
        Object persisted = null;
        String extensions = context.queryParams().get("extensions");
        if (extensions != null && !extensions.isBlank()) {
            try {
                persisted = new JsonObject(extensions).getValue(PERSISTED_QUERY);
            } catch (RuntimeException notAnObject) {
                context.next(); // GraphQLRequestGuard refuses it
                return;
            }
        }
        if (persisted == null) {
            if (query == null || mayRunInFull(context, query)) {
                context.next();
            }
            return;
        }
        Found found = resolve(context, persisted, query);
        if (found == null) {
            return;
        }
        context.queryParams().set("query", found.document());
        CacheHeaders.markShared(context);
        context.next();
    }

    /**
     * The document a persisted query names, or null once a refusal is sent.
     *
     * @param query the document sent with the hash (registration), or null
     */
    private Found resolve(RoutingContext context, Object persisted, String query) {
        if (!(persisted instanceof JsonObject persistedQuery) || !(persistedQuery.getValue("version") instanceof Number)) {
            refuse(context, 400, ErrorCode.BAD_REQUEST, "'extensions.persistedQuery' must be an object "
                    + "{\"version\": 1, \"sha256Hash\": \"<64 hexadecimal digits>\"}.");
            return null;
        }
        Number version = (Number) persistedQuery.getValue("version");
        if (version.doubleValue() != 1) {
            count("not_supported");
            refuse(context, 400, ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, "PersistedQueryNotSupported");
            return null;
        }
        String hash = persistedQuery.getValue("sha256Hash") instanceof String text ? text.toLowerCase(Locale.ROOT) : null;
        if (!PersistedDocuments.isHash(hash)) {
            refuse(context, 400, ErrorCode.BAD_REQUEST,
                    "'extensions.persistedQuery.sha256Hash' must be the SHA-256 hash of the document in 64 hexadecimal "
                            + "digits.");
            return null;
        }
        boolean trustedOnly = trustedOnlyApplies(context);
        if (trustedOnly && !documents.isTrusted(hash)) {
            count("untrusted");
            refuseUntrusted(context);
            return null;
        }
        if (query != null) {
            if (!hash.equals(PersistedDocuments.sha256(query))) {
                count("hash_mismatch");
                refuse(context, 400, ErrorCode.PERSISTED_QUERY_HASH_MISMATCH, "The document sent does not have the "
                        + "SHA-256 hash sent with it in 'extensions.persistedQuery.sha256Hash'; nothing ran.");
                return null;
            }
            if (!documents.isTrusted(hash)) {
                // Only a document that passes the request guard is kept.
                if (!guard.admitDocument(context, query)) {
                    return null;
                }
                documents.register(hash, query);
                count("registered");
            } else {
                count("trusted");
            }
            return new Found(query);
        }
        String document = documents.trusted(hash).orElse(null);
        if (document != null) {
            count("trusted");
            return new Found(document);
        }
        document = documents.registered(hash).orElse(null);
        count(document == null ? "not_found" : "found");
        if (document == null) {
            refuse(context, 404, ErrorCode.PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound");
            return null;
        }
        return new Found(document);
    }

    /** A document sent in full (no hash): always, unless trusted-only applies and it is not a trusted one. */
    private boolean mayRunInFull(RoutingContext context, String query) {
        if (mayRunInFull(!CacheHeaders.authenticated(context), query)) {
            return true;
        }
        count("untrusted");
        refuseUntrusted(context);
        return false;
    }

    /**
     * For other transports (the WebSocket's subscribe message, which carries the document in
     * full): false when trusted-only applies to this caller and the document is not a trusted one
     * (then refuse it with {@link ErrorCode#PERSISTED_QUERY_REQUIRED} and {@link #UNTRUSTED}).
     */
    public boolean mayRunInFull(boolean anonymous, String query) {
        return !config.trustedOnly() || !anonymous || documents.isTrusted(PersistedDocuments.sha256(query));
    }

    /**
     * {@value #COUNTER} by outcome: trusted (a trusted document by hash), found (a registered one),
     * not_found, registered, hash_mismatch, not_supported, untrusted (refused by trusted-only).
     */
    private void count(String outcome) {
        registry.counter(COUNTER, "outcome", outcome).increment();
    }

    private boolean trustedOnlyApplies(RoutingContext context) {
        // Credentials that do not authenticate are refused with 401 before any route runs.
        return config.trustedOnly() && !CacheHeaders.authenticated(context);
    }

    /** The message of {@link ErrorCode#PERSISTED_QUERY_REQUIRED}. */
    public static final String UNTRUSTED = "Without credentials this service runs only its trusted documents (the "
            + "reader's), named by hash in 'extensions.persistedQuery'; partners and editors may send any document "
            + "with their API key or token.";

    private static void refuseUntrusted(RoutingContext context) {
        refuse(context, 400, ErrorCode.PERSISTED_QUERY_REQUIRED, UNTRUSTED);
    }

    /**
     * A request error: HTTP 200 under {@code application/json}, as GraphQL over HTTP asks for a
     * well-formed request; the given 4xx under {@code application/graphql-response+json}, and for
     * a malformed request under both.
     */
    private static void refuse(RoutingContext context, int status, ErrorCode code, String message) {
        boolean json = !ResponseMediaType.GRAPHQL_RESPONSE.equals(ResponseMediaType.of(context));
        GraphQLRequestGuard.refuse(context, json && code != ErrorCode.BAD_REQUEST ? 200 : status, code, null, message);
    }

    private static boolean carriesRequestInUrl(RoutingContext context) {
        if (context.request().query() == null) {
            return false;
        }
        for (String name : new String[] { "query", "operationName", "variables", "extensions" }) {
            if (context.queryParams().contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDocumentBody(RoutingContext context) {
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/graphql");
    }

    private static boolean mentionsPersistedQuery(Buffer body) {
        return ByteBufUtil.indexOf(PERSISTED_QUERY_BYTES.duplicate(), body.getByteBuf()) >= 0;
    }
}
