package org.newsroom.websocket;

import java.util.Map;

import org.newsroom.quota.Quota;
import org.newsroom.quota.QuotaInstrumentation;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * A way to answer a query operation sent over a socket other than the interpreter: the compiled
 * read path, a layer above this package, provides it. It answers an operation whole or declines
 * it, and the socket then runs the operation through the interpreter as before.
 */
public interface SocketReadPath {

    /**
     * The answer to come, never failed: declined at once (an operation this path does not take)
     * or after its statement ran (a database error, or what only the interpreter reports).
     * Called on the operation's worker thread, after the request guard's checks.
     */
    Future<Answer> answer(Request request);

    /**
     * One operation of a socket: its document, and who sent it as the upgrade request told.
     *
     * @param variables the operation's variables, empty without any
     * @param identity the upgrade request's identity, null when it had none
     * @param caller whose bucket pays for the socket's operations
     * @param upgrade the upgrade request (its headers: Accept-Language, credentials)
     */
    record Request(String query, String operationName, Map<String, Object> variables, SecurityIdentity identity,
            Quota.Caller caller, RoutingContext upgrade) {
    }

    /**
     * @param result the result message's payload ({@code data} and {@code extensions}), null when the
     *        interpreter is to answer
     * @param charge what this path already took from the caller's bucket, null if nothing: the
     *        interpreter counts it as paid
     */
    record Answer(Buffer result, QuotaInstrumentation.Charge charge) {

        public static final Answer DECLINED = new Answer(null, null);
    }
}
