package org.newsroom.compiled;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.newsroom.caching.CacheHeaders;
import org.newsroom.caching.GraphQLGet;
import org.newsroom.graphql.GraphQLRoutes;
import org.newsroom.graphql.ResponseMediaType;
import org.newsroom.graphql.RouteErrors;
import org.newsroom.observability.GraphQLOperationMetrics;
import org.newsroom.quota.Quota;
import org.newsroom.quota.QuotaInstrumentation;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * Answers every GraphQL query operation POSTed ({@code application/json}, or the document as
 * {@code application/graphql}) or sent by GET with the read engine, and hands every other request
 * to SmallRye's route (GraphQLGet's for GET), unchanged: a mutation, a request SmallRye refuses
 * before anything runs (a malformed body or document, variables that do not fit), or no response
 * type SmallRye would send. The caller is a parameter of the plan ({@link Viewer}) and pays from its own
 * bucket: anonymous callers by address, partners by their key's partner, token holders (editors,
 * admins) by their subject. Runs after authentication (proactive, a filter: a wrong or revoked key
 * or an invalid token is refused there, before either path) and after {@code GraphQLRequestGuard},
 * which has read and checked the body. Compiling happens on the event loop and the rate limit and
 * the SQL go over the asynchronous client of {@link CompiledReadsDatabase}, so an answer holds no
 * thread while PostgreSQL works (with threads blocked in JDBC, 8 concurrent requests put 8 more
 * runnable threads on 2 cores and the slowest answers waited for the scheduler); where that client
 * is off, JDBC on a worker thread. A statement that times out or finds the database unavailable is
 * answered with that error (the database is not asked again), one that fails for another reason
 * with an internal error (logged with its reference), as is a failure before the statement runs (a
 * defect), and refusals (cost above the limit,
 * rate limited: HTTP 429 with the rate limit headers) exactly as the interpreter reports them. The response header
 * {@value #EXECUTION} says which path answered.
 */
@ApplicationScoped
public class CompiledReadRoute {

    public static final String EXECUTION = "X-Newsroom-Execution";

    private static final byte[] DATA_OPENING = "{\"data\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_CLOSING = {'}'};

    /**
     * What a request may hold: {@code extensions} is the client's (Apollo Client 4 names itself there
     * in every request) and says nothing the answer depends on; a persisted query's has been
     * resolved by PersistedOperations before this route.
     */
    private static final Set<String> REQUEST_KEYS = Set.of("query", "operationName", "variables", "extensions");

    @Inject
    CompiledAnswers answers;

    @Inject
    CompiledReadsDatabase database;

    @Inject
    GraphQLRoutes routes;

    void install(@Observes Router router) {
        routes.route(router, GraphQLRoutes.Step.COMPILED_POST).handler(this::handle);
        routes.route(router, GraphQLRoutes.Step.COMPILED_GET).handler(this::handleGet);
    }

    private void handle(RoutingContext context) {
        long start = System.nanoTime();
        String contentType = responseContentType(context);
        JsonObject body = contentType == null ? null : requestBody(context);
        if (body == null) {
            toSmallRye(context);
            return;
        }
        JsonObject variables = body.getJsonObject("variables");
        answer(context, asker(context), contentType, start, body.getString("query"), body.getString("operationName"),
                variables == null ? Map.of() : variables.getMap(), false);
    }

    /**
     * A GET ({@code query}, {@code operationName}, {@code variables}, {@code extensions}: the client's,
     * a persisted query's resolved by PersistedOperations already), answered with the validators
     * GraphQLGet gives the interpreter's answer: the ETag over the same bytes, Last-Modified, 304.
     */
    private void handleGet(RoutingContext context) {
        long start = System.nanoTime();
        String contentType = responseContentType(context);
        JsonObject request = contentType == null ? null : getRequest(context);
        if (request == null) {
            toSmallRye(context);
            return;
        }
        JsonObject variables = request.getJsonObject("variables");
        answer(context, asker(context), contentType, start, request.getString("query"),
                request.getString("operationName"), variables == null ? Map.of() : variables.getMap(), true);
    }

    /** @param get whether a GET: its answer carries Last-Modified, its response the validators */
    private void answer(RoutingContext context, CompiledAnswers.Asker asker, String contentType, long start, String query,
            String operationName, Map<String, Object> variableValues, boolean get) {
        Pool pool = database.pool();
        CompiledAnswers.Operation operation = new CompiledAnswers.Operation(query, operationName, variableValues,
                context.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE), get);
        Consumer<QuotaInstrumentation.Charge> charged = charge -> context.put(QuotaInstrumentation.CHARGE, charge);
        Future<CompiledAnswers.Answer> answer;
        try {
            answer = pool != null
                    ? answers.answer(asker, pool, operation, charged)
                    : context.vertx().executeBlocking(() -> answers.answerBlocking(asker, operation, charged), false);
        } catch (RuntimeException unexpected) {
            answer = Future.failedFuture(unexpected);
        }
        Context requestContext = Vertx.currentContext();
        answer.onComplete(result -> {
            if (requestContext != null && Vertx.currentContext() != requestContext) {
                // the database client may complete on another event loop; the request continues on its own
                requestContext.runOnContext(ignored -> complete(context, contentType, start, operationName, result));
            } else {
                complete(context, contentType, start, operationName, result);
            }
        });
    }

    /**
     * Responds with the answer; SmallRye's route answers a document or variables it refuses (no
     * answer), and a failure before the statement ran (none is expected: a defect) is an internal
     * error with the reference it is logged with.
     */
    private void complete(RoutingContext context, String contentType, long start, String operationName,
            AsyncResult<CompiledAnswers.Answer> result) {
        if (result.failed()) {
            respond(context, contentType, start, CompiledAnswers.unanswered(operationName, RouteErrors.failedRead("a read before its statement", result.cause())));
        } else if (result.result() == null) {
            toSmallRye(context);
        } else {
            respond(context, contentType, start, result.result());
        }
    }

    private static void respond(RoutingContext context, String contentType, long start, CompiledAnswers.Answer answer) {
        Optional<Instant> lastModified = answer.lastModified();
        context.response().setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(EXECUTION, "compiled");
        if (answer.errors().isEmpty()) {
            CacheHeaders.markCacheable(context); // as OutcomeInstrumentation marks the interpreter's answers
        } else if (answer.data() == null) {
            ResponseMediaType.requestFailed(context); // refused before it ran, as the interpreter's is marked
        }
        GraphQLOperationMetrics.recordQuery(answer.operationName(), start, answer.errors());
        if (lastModified != null) {
            // the ETag is over the body without extensions as SmallRye writes it: compact JSON
            if (GraphQLGet.validated(context, contentType, lastModified, DATA_OPENING,
                    CompactJson.of(answer.data().getBytes()), DATA_CLOSING)) {
                context.response().setStatusCode(304).end();
                return;
            }
        }
        context.response().end(answer.json());
    }

    /** SmallRye's route: a request this route does not take, which SmallRye refuses or runs (a mutation). */
    private static void toSmallRye(RoutingContext context) {
        context.response().putHeader(EXECUTION, "interpreted");
        context.next();
    }

    /** Who asks, as authentication found them before this route ran. */
    private CompiledAnswers.Asker asker(RoutingContext context) {
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        return answers.asker(context, identity, Quota.caller(identity, context));
    }

    /** A GET's parameters as a request; null when not for this path (GraphQLGet refuses what is malformed). */
    private static JsonObject getRequest(RoutingContext context) {
        String query = context.queryParams().get("query");
        if (query == null || query.isBlank()) {
            return null;
        }
        JsonObject request = new JsonObject().put("query", query);
        String operationName = context.queryParams().get("operationName");
        if (operationName != null && !operationName.isEmpty()) {
            request.put("operationName", operationName);
        }
        try {
            String variables = context.queryParams().get("variables");
            if (variables != null && !variables.isEmpty()) {
                request.put("variables", new JsonObject(variables));
            }
            String extensions = context.queryParams().get("extensions");
            if (extensions != null && !extensions.isEmpty()) {
                new JsonObject(extensions); // an object, as for a POST (what it says is the client's)
            }
        } catch (RuntimeException notAnObject) {
            return null;
        }
        return request;
    }

    /**
     * The request as JSON with nothing but query, operationName, variables and extensions; null when
     * not for this path. The body is JSON ({@code application/json}, or {@code *}{@code /*} as
     * SmallRye reads it), or the document itself ({@code application/graphql}), in UTF-8 whatever
     * charset it declares (JSON between systems is UTF-8; the request guard has refused every other
     * type and a body that is not UTF-8). Parameters in the URL are none of the request's
     * (PersistedOperations refuses a POST that carries those).
     */
    private JsonObject requestBody(RoutingContext context) {
        String mediaType = mediaType(context.request().getHeader(HttpHeaders.CONTENT_TYPE));
        if (context.body() == null || context.body().buffer() == null) {
            return null;
        }
        if (mediaType.equals("application/graphql")) {
            return new JsonObject().put("query", context.body().asString(StandardCharsets.UTF_8.name()));
        }
        if (!mediaType.equals("application/json") && !mediaType.equals("*/*")) {
            return null;
        }
        try {
            JsonObject body = context.body().asJsonObject();
            if (body == null || !REQUEST_KEYS.containsAll(body.fieldNames()) || !(body.getValue("query") instanceof String)
                    || body.getValue("operationName") != null && !(body.getValue("operationName") instanceof String)
                    || body.getValue("variables") != null && !(body.getValue("variables") instanceof JsonObject)
                    || body.getValue("extensions") != null && !(body.getValue("extensions") instanceof JsonObject)) {
                return null;
            }
            return body;
        } catch (RuntimeException notAnObject) {
            return null;
        }
    }

    /** The negotiated response type (never the request's own Accept value); null when none is acceptable. */
    private static String responseContentType(RoutingContext context) {
        return ResponseMediaType.of(context);
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
}
