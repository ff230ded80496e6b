package org.newsroom.graphql;

import java.net.SocketException;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Turns database failures a client can do something about into coded errors: a statement that
 * ran past {@code statement_timeout} is a {@link ErrorCode#TIMEOUT}, an unreachable or restarting
 * database is {@link ErrorCode#SERVICE_UNAVAILABLE}, text PostgreSQL cannot store (a NUL
 * character) is {@link ErrorCode#BAD_USER_INPUT}. Anything else stays an internal error. Failures
 * of JDBC (the interpreter, writes) and of Vert.x's asynchronous client (the read engine) alike.
 */
public final class DatabaseFailures {

    private static final Logger LOG = Logger.getLogger(DatabaseFailures.class);

    private DatabaseFailures() {
    }

    /**
     * A failed read as its client is told of it: the coded error {@link #classify} finds, logged
     * as a warning; else a defect, logged with a new reference, which the internal error's message
     * gives the client.
     *
     * @param read what failed, for the log ("a compiled read")
     * @param message the internal error's message, given the reference
     */
    public static ApiException toldOrInternal(String read, Throwable failure, Function<String, String> message) {
        ApiException told = classify(failure);
        if (told != null) {
            LOG.warnf("Database failure of %s: %s", read, describe(failure));
            return told;
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(failure, "%s failed (reference %s)", read, reference);
        return new ApiException(ErrorCode.INTERNAL_SERVER_ERROR, message.apply(reference));
    }

    /** The coded error a failure stands for; null when it is none of these (then it is ours to explain). */
    public static ApiException classify(Throwable thrown) {
        return classify(thrown, 0);
    }

    /**
     * Causes and suppressed exceptions both: a commit that fails because the connection died is
     * a RollbackException with the driver's error suppressed inside.
     */
    private static ApiException classify(Throwable thrown, int depth) {
        for (Throwable cause = thrown; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            ApiException known = cause instanceof SQLException sql ? classify(sql.getSQLState(), sql.getMessage())
                    : cause instanceof DatabaseException database ? classify(database.getSqlState(), database.getMessage())
                    : null;
            if (known != null) {
                return known;
            }
            if (cause.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")
                    // the asynchronous client: refused, reset, dropped, or no connection in time
                    || cause instanceof SocketException || cause instanceof ClosedConnectionException
                    || cause instanceof TimeoutException) {
                return unavailable();
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                ApiException inside = classify(suppressed, depth + 1);
                if (inside != null) {
                    return inside;
                }
            }
        }
        return null;
    }

    private static ApiException classify(String state, String errorMessage) {
        String message = String.valueOf(errorMessage);
        if ("57014".equals(state)) {
            LimitBreaches.count(LimitBreaches.STATEMENT_TIMEOUT);
            return new ApiException(ErrorCode.TIMEOUT,
                    "The database did not finish within the statement timeout; nothing was changed. Narrow the"
                            + " query or retry later.", Map.of("limit", LimitBreaches.STATEMENT_TIMEOUT));
        }
        if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"))) {
            return unavailable();
        }
        // Agroal, when no connection can be opened or borrowed in time.
        if (message.contains("Acquisition timeout") || message.contains("Unable to acquire JDBC Connection")) {
            return unavailable();
        }
        if ("22021".equals(state) || "22P05".equals(state)) {
            return ApiException.badInput("Text must not contain NUL characters or invalid Unicode.");
        }
        return null;
    }

    private static ApiException unavailable() {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                "The database is unavailable; nothing was changed. Retry in a few seconds.");
    }

    /** One line for the log: the SQL state and message, without a stack trace. */
    public static String describe(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return "SQL state " + sql.getSQLState() + ": " + sql.getMessage();
            }
            if (cause instanceof DatabaseException database) {
                return "SQL state " + database.getSqlState() + ": " + database.getMessage();
            }
        }
        return String.valueOf(thrown);
    }
}
