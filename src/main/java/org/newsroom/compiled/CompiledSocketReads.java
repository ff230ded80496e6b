package org.newsroom.compiled;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.newsroom.graphql.RouteErrors;
import org.newsroom.observability.GraphQLOperationMetrics;
import org.newsroom.quota.QuotaInstrumentation;
import org.newsroom.websocket.SocketReadPath;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.sqlclient.Pool;

/**
 * Query operations sent over a WebSocket, on the compiled read path: the socket's caller (the
 * identity and bucket of its upgrade request) is the asker, as for a POST by the same caller. The
 * socket has already run the request guard's checks on its worker thread; compiling happens there
 * too, and the statement goes over the asynchronous client, so the worker is free while PostgreSQL
 * works (over JDBC on that worker where the client is off).
 */
@ApplicationScoped
class CompiledSocketReads implements SocketReadPath {

    @Inject
    CompiledAnswers answers;

    @Inject
    CompiledReadsDatabase database;

    @Override
    public Future<Answer> answer(Request request) {
        long start = System.nanoTime();
        CompiledAnswers.Asker asker = answers.asker(request.upgrade(), request.identity(), request.caller());
        CompiledAnswers.Operation operation = new CompiledAnswers.Operation(request.query(), request.operationName(),
                request.variables(), request.upgrade().request().getHeader(HttpHeaders.ACCEPT_LANGUAGE), false);
        AtomicReference<QuotaInstrumentation.Charge> charged = new AtomicReference<>();
        Pool pool = database.pool();
        Future<CompiledAnswers.Answer> answer;
        try {
            answer = pool != null
                    ? answers.answer(asker, pool, operation, charged::set)
                    : Future.succeededFuture(answers.answerBlocking(asker, operation, charged::set));
        } catch (RuntimeException unexpected) {
            answer = Future.failedFuture(unexpected);
        }
        return answer.otherwise(failure -> CompiledAnswers.unanswered(request.operationName(), RouteErrors.failedRead("a read before its statement", failure)))
                .map(compiled -> {
            if (compiled == null) {
                return new Answer(null, charged.get());
            }
            GraphQLOperationMetrics.recordQuery(compiled.operationName(), start, compiled.errors());
            return new Answer(compiled.json(), charged.get());
        });
    }
}
