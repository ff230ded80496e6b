package org.newsroom.compiled;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.newsroom.caching.ContentClock;
import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.DatabaseFailures;
import org.newsroom.graphql.ErrorShapingInstrumentation;
import org.newsroom.graphql.RouteErrors;
import org.newsroom.quota.Quota;
import org.newsroom.quota.QuotaInstrumentation;

import graphql.GraphQLError;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.graphql.execution.error.ExecutionErrorsService;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * One query operation on the compiled read path, whatever carried it (a POST, a GET, a message on
 * a WebSocket): compiled for its asker's {@link Viewer}, paid from the asker's bucket as
 * {@code QuotaInstrumentation} would charge it (and refused as it would refuse it: a cost above
 * the limit, a rate limit), and run as one statement, whose failure for a reason clients are told
 * of (a timeout, the database unavailable) is answered here too, and so is one the engine cannot
 * plan or run (an internal error with a logged reference). Only a document or variables SmallRye
 * refuses before anything runs are left to SmallRye's route, which gives its own errors. A charge
 * already taken is handed to the transport (an HTTP response's rate limit headers).
 */
@ApplicationScoped
class CompiledAnswers {

    private static final Logger LOG = Logger.getLogger(CompiledAnswers.class);

    @Inject
    CompiledReadsConfig config;

    @Inject
    CompiledReads reads;

    @Inject
    Quota quota;

    @Inject
    CompiledReadsDatabase database;

    @Inject
    ContentClock clock;

    @Inject
    CountryCatalog countryCatalog;

    @Inject
    Vertx vertx;

    /**
     * Whose view the plan reads (a partner's id for its parameter), whose bucket pays for it, and
     * the caller's name as a refusal names it (null when anonymous).
     */
    record Asker(Viewer viewer, Long partnerId, Quota.Caller payer, String name) {
    }

    /**
     * One operation as its transport received it.
     *
     * @param acceptLanguage the request's Accept-Language header (localised names without lang), or null
     */
    record Operation(String query, String operationName, Map<String, Object> variables, String acceptLanguage,
            boolean get) {
    }

    /**
     * The whole result ({@code data} and {@code extensions}), and its data alone (GET's ETag is computed
     * over it); for a GET, its Last-Modified (ContentClock's, in the same snapshot as the data where
     * the statement could carry it), null otherwise and for an answer with errors.
     *
     * @param data null for an operation refused before it ran (a request error: no {@code data} entry)
     * @param errors the errors' codes, in the order of the response's errors (empty without any)
     */
    record Answer(Buffer json, Buffer data, String operationName, Optional<Instant> lastModified, List<String> errors) {
    }

    /** SmallRye GraphQL's own writer of a response's errors: the compiled answer's are the interpreter's, byte for byte. */
    private static final ExecutionErrorsService ERRORS = new ExecutionErrorsService();
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /**
     * Who asks, as authentication found them on this HTTP request (for a WebSocket, its upgrade
     * request; authentication is proactive, so it has run): credentials that no mechanism takes (an
     * {@code Authorization} scheme other than Bearer) leave an anonymous reader, as the interpreter
     * reads them.
     */
    Asker asker(RoutingContext request, SecurityIdentity identity, Quota.Caller payer) {
        return new Asker(Viewer.of(identity), Viewer.partnerId(identity), payer,
                identity == null || identity.isAnonymous() ? null : identity.getPrincipal().getName());
    }

    /**
     * The answer, or null for a document or variables SmallRye refuses, without blocking: the rate
     * limit is taken in memory and the SQL goes over Vert.x's PostgreSQL client.
     *
     * @param charged receives the charge once it is taken (an HTTP response's rate limit headers)
     */
    Future<Answer> answer(Asker asker, Pool pool, Operation operation, Consumer<QuotaInstrumentation.Charge> charged) {
        if (!countryCatalog.isLoaded()) {
            // A new instance's first requests can come before the catalog's read at start is done, and a
            // country in a filter is checked against it as the plan is made: they wait for it on a worker.
            return vertx.executeBlocking(this::readCountries, false)
                    .transform(read -> answerWithCountries(asker, pool, operation, charged, read.result()));
        }
        return answerWithCountries(asker, pool, operation, charged, null);
    }

    private Future<Answer> answerWithCountries(Asker asker, Pool pool, Operation operation,
            Consumer<QuotaInstrumentation.Charge> charged, Throwable countriesUnread) {
        Planned planned = compile(operation, asker, countriesUnread);
        if (planned.compiled() == null) {
            return Future.succeededFuture(planned.unanswered());
        }
        CompiledReads.Compiled compiled = planned.compiled();
        Paid paid = pay(compiled, asker.payer(), charged);
        if (paid.refusal() != null) {
            return Future.succeededFuture(paid.refusal());
        }
        return read(pool, asker.payer(), compiled, operation, asker.partnerId(), paid.charge())
                .otherwise(failure -> failedRead(compiled, paid.charge(), failure));
    }

    /**
     * The statement's answer; a GET's with its Last-Modified: from the statement's own clock columns,
     * or (a search) from ContentClock's statement on the primary before it runs.
     */
    private Future<Answer> read(Pool pool, Quota.Caller caller, CompiledReads.Compiled compiled, Operation operation,
            Long partnerId, QuotaInstrumentation.Charge charge) {
        boolean primaryOnly = compiled.statement().primaryOnly();
        if (!operation.get() || compiled.errors() != null) { // no validators for an answer with errors
            return database.read(pool, caller, primaryOnly,
                    server -> reads.run(server, compiled, operation.acceptLanguage(), partnerId))
                    .map(data -> answerRead(compiled, charge, data, null));
        }
        if (compiled.statement().withClock() != null) {
            return database.read(pool, caller, primaryOnly,
                    server -> reads.runWithClock(server, compiled, operation.acceptLanguage(), partnerId))
                    .map(read -> answerRead(compiled, charge, read.data() == null ? null : Buffer.buffer(read.data()),
                            clock.lastModified(read.changed(), read.now())));
        }
        return database.rows(pool, ContentClock.NEWEST_CHANGE, List.of())
                .map(rows -> clock.lastModified(CompiledReads.instant(rows.get(0)[0]),
                        CompiledReads.instant(rows.get(0)[1])))
                .otherwise(Optional.empty()) // no validator is better than a failed request
                .compose(lastModified -> database.read(pool, caller, primaryOnly,
                        server -> reads.run(server, compiled, operation.acceptLanguage(), partnerId))
                        .map(data -> answerRead(compiled, charge, data, lastModified)));
    }

    /** {@link #answer(Asker, Pool, Operation, Consumer)} over JDBC, on a worker thread. */
    Answer answerBlocking(Asker asker, Operation operation, Consumer<QuotaInstrumentation.Charge> charged) {
        Throwable countriesUnread = countryCatalog.isLoaded() ? null : readCountries();
        Planned planned = compile(operation, asker, countriesUnread);
        if (planned.compiled() == null) {
            return planned.unanswered();
        }
        CompiledReads.Compiled compiled = planned.compiled();
        Paid paid = pay(compiled, asker.payer(), charged);
        if (paid.refusal() != null) {
            return paid.refusal();
        }
        QuotaInstrumentation.Charge charge = paid.charge();
        try {
            boolean validated = operation.get() && compiled.errors() == null; // no validators for an answer with errors
            if (validated && compiled.statement().withClock() != null) {
                CompiledReads.Clocked read = reads.runWithClock(compiled, operation.acceptLanguage(), asker.partnerId());
                return answerRead(compiled, charge, read.data() == null ? null : Buffer.buffer(read.data()),
                        clock.lastModified(read.changed(), read.now()));
            }
            Optional<Instant> lastModified = validated ? clock.lastModified() : null;
            byte[] data = reads.run(compiled, operation.acceptLanguage(), asker.partnerId());
            return answerRead(compiled, charge, data == null ? null : Buffer.buffer(data), lastModified);
        } catch (SQLException e) {
            return failedRead(compiled, charge, e);
        }
    }

    /**
     * Reads the country catalog (blocking): null once read, else why it could not be (then a plan
     * that needs it is answered with that failure).
     */
    private Throwable readCountries() {
        try {
            countryCatalog.read();
            return null;
        } catch (RuntimeException unavailable) {
            return unavailable;
        }
    }

    /**
     * An operation as the engine plans it: compiled; or null for SmallRye, which refuses a document
     * or variables before anything is read (its own errors); or answered with an error, when the
     * plan needs the country catalog that could not be read (what the database said), or when
     * planning a read failed (a defect of the engine, logged with the reference its
     * INTERNAL_SERVER_ERROR gives the client).
     */
    private record Planned(CompiledReads.Compiled compiled, Answer unanswered) {
    }

    private Planned compile(Operation operation, Asker asker, Throwable countriesUnread) {
        try {
            return new Planned(reads.compile(operation.query(), operation.operationName(), operation.variables(),
                    asker.viewer(), asker.name(), asker.partnerId()), null);
        } catch (NotCompilable refused) {
            if (!refused.read()) {
                return new Planned(null, null);
            }
            Throwable failure = refused.forNow() && countriesUnread != null ? countriesUnread : refused;
            return new Planned(null, unanswered(operation.operationName(), RouteErrors.failedRead("planning a read",
                    failure)));
        }
    }

    /**
     * The answer of an operation the engine could not read at all: its one error, without a path,
     * and null data (the operation was accepted: it is no request error).
     */
    static Answer unanswered(String operationName, ApiException told) {
        JsonObject extensions = new JsonObject().put("code", told.code().name());
        told.extensions().forEach(extensions::put);
        JsonObject error = new JsonObject().put("message", told.getMessage()).put("extensions", extensions);
        Buffer json = Buffer.buffer("{\"errors\":[").appendString(error.encode()).appendString("],\"data\":null}");
        return new Answer(json, Buffer.buffer(NULL), operationName, null, List.of(told.code().name()));
    }

    /** What the caller's budget says of an operation: the charge it reads with, or the answer refusing it. */
    private record Paid(QuotaInstrumentation.Charge charge, Answer refusal) {
    }

    /**
     * Pays for the operation as {@code QuotaInstrumentation} charges the interpreter's: refused
     * above the maximum cost or above the caller's whole budget (nothing taken), else its cost is
     * taken from the caller's bucket (in memory) and refused when too little is left; a limited
     * caller's charge goes to {@code charged} (an HTTP response's rate limit headers and its 429).
     */
    private Paid pay(CompiledReads.Compiled compiled, Quota.Caller caller, Consumer<QuotaInstrumentation.Charge> charged) {
        long cost = compiled.cost();
        long max = quota.maxCost();
        if (cost > max) {
            return refused(compiled, QuotaInstrumentation.aboveMaximum(quota, cost),
                    new QuotaInstrumentation.Charge(cost, max, null, Instant.now()));
        }
        OptionalLong budget = quota.budget(caller);
        if (budget.isEmpty()) {
            return new Paid(new QuotaInstrumentation.Charge(cost, max, null, Instant.now()), null);
        }
        if (cost > budget.getAsLong()) {
            return refused(compiled, QuotaInstrumentation.aboveBudget(quota, cost, budget.getAsLong()),
                    new QuotaInstrumentation.Charge(cost, max, null, Instant.now()));
        }
        QuotaInstrumentation.Charge charge = new QuotaInstrumentation.Charge(cost, max,
                quota.take(caller, budget.getAsLong(), cost), Instant.now());
        charged.accept(charge);
        return charge.decision().allowed() ? new Paid(charge, null)
                : refused(compiled, QuotaInstrumentation.rateLimited(quota, charge), charge);
    }

    /** An operation refused before it ran: its error, no data, and its cost as the interpreter reports it. */
    private static Paid refused(CompiledReads.Compiled compiled, GraphQLError refusal,
            QuotaInstrumentation.Charge charge) {
        return new Paid(charge, answer(compiled.withErrors(List.of(ErrorShapingInstrumentation.asSent(refusal))),
                charge, null, null));
    }

    /**
     * The answer of a read whose statement failed, without asking the database again: the error
     * clients are told of (TIMEOUT, SERVICE_UNAVAILABLE) at each root field it reads, beside the
     * request's own refusals; a failure none of those names is a defect of the engine, logged with
     * a reference that its INTERNAL_SERVER_ERROR gives the client.
     */
    private Answer failedRead(CompiledReads.Compiled compiled, QuotaInstrumentation.Charge charge,
            Throwable failure) {
        ApiException told = DatabaseFailures.toldOrInternal("a compiled read", failure,
                reference -> "The server could not complete this field; reference " + reference + ".");
        OperationCompiler.FailedRead failed = compiled.statement().failedRead(told,
                compiled.errors() == null ? List.of() : compiled.errors());
        return answer(compiled.withErrors(failed.errors()), charge, Buffer.buffer(failed.data()), null);
    }

    /**
     * The answer of what the statement read: its data, or which feeds it found read after a cursor
     * that expired; a statement that read no data at all failed.
     */
    private Answer answerRead(CompiledReads.Compiled compiled, QuotaInstrumentation.Charge charge, Buffer read,
            Optional<Instant> lastModified) {
        if (read == null) {
            return failedRead(compiled, charge, new IllegalStateException("The statement read no data"));
        }
        ExpiredFeeds expired = ExpiredFeeds.of(read);
        if (expired == null) {
            return answer(compiled, charge, read, lastModified);
        }
        CompiledReads.Compiled refused;
        try {
            refused = compiled.nothingRead(expired);
        } catch (IllegalStateException defect) {
            return failedRead(compiled, charge, defect);
        }
        // the feeds' errors, no data, no validators
        return answer(refused, charge, Buffer.buffer("null"), null);
    }

    /** @param data null for an operation refused before it ran: the answer has no {@code data} entry */
    private static Answer answer(CompiledReads.Compiled compiled, QuotaInstrumentation.Charge charge, Buffer data,
            Optional<Instant> lastModified) {
        RefusedBelowRoot refusedBelowRoot = compiled.statement().refusedBelowRoot();
        boolean readForErrors = data != null && compiled.dataNullAfterRead();
        if (refusedBelowRoot != null && data != null) {
            RefusedBelowRoot.Refused refused = refusedBelowRoot.apply(data.getBytes());
            List<GraphQLError> below = refused.errors();
            if (compiled.readForErrors() != null) {
                // the interpreter does not read the root fields refused for the request's own values
                below = below.stream().filter(error -> !compiled.readForErrors().contains(error.getPath().get(0))).toList();
            }
            if (!below.isEmpty()) {
                // the errors of the fields' places after the refused root fields'; no validators for an answer with errors
                List<GraphQLError> errors = new ArrayList<>(compiled.errors() == null ? List.of() : compiled.errors());
                errors.addAll(below);
                return answer(compiled.withErrors(errors), charge,
                        Buffer.buffer(readForErrors ? NULL : refused.data()), null);
            }
        }
        if (readForErrors) {
            data = Buffer.buffer(NULL); // the statement ran for the errors its rows tell: the data stays null
        }
        Buffer json = Buffer.buffer((data == null ? 0 : data.length()) + 200);
        List<String> codes = List.of();
        if (compiled.errors() != null) {
            // as SmallRye writes a response: its errors first
            json.appendString("{\"errors\":").appendString(ERRORS.toJsonErrors(compiled.errors()).toString())
                    .appendString(data == null ? "" : ",\"data\":");
            codes = compiled.errors().stream().map(error -> String.valueOf(error.getExtensions().get("code"))).toList();
        } else {
            json.appendString("{\"data\":");
        }
        if (data != null) {
            json.appendBuffer(data);
        }
        json.appendString(",\"extensions\":{\"cost\":")
                .appendString(QuotaInstrumentation.reportJson(charge)).appendString("}}");
        return new Answer(json, data, compiled.operationName(), compiled.errors() == null ? lastModified : null, codes);
    }

    /**
     * Runs the plan of a route's own document (not a client's operation, so nothing is charged): over
     * the asynchronous pool where there is one, else on a worker; {@code then} runs on the request's
     * own context.
     */
    void readForRoute(RoutingContext context, Quota.Caller caller, CompiledReads.Compiled plan, Long partnerId,
            Handler<AsyncResult<Buffer>> then) {
        Pool pool = database.pool();
        Future<Buffer> data = pool != null
                ? database.read(pool, caller, plan.statement().primaryOnly(),
                        server -> reads.run(server, plan, null, partnerId))
                : context.vertx().executeBlocking(() -> {
                    byte[] read = reads.run(plan, null, partnerId);
                    return read == null ? null : Buffer.buffer(read);
                }, false);
        Context requestContext = Vertx.currentContext();
        data.onComplete(result -> {
            if (requestContext != null && Vertx.currentContext() != requestContext) {
                requestContext.runOnContext(ignored -> then.handle(result));
            } else {
                then.handle(result);
            }
        });
    }
}
