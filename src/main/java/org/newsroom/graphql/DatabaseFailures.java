package org.newsroom.graphql;

import java.sql.SQLException;
import java.util.Map;

/**
 * Turns database failures a client can do something about into coded errors: a statement that
 * ran past {@code statement_timeout} is a {@link ErrorCode#TIMEOUT}, an unreachable or restarting
 * database is {@link ErrorCode#SERVICE_UNAVAILABLE}, text PostgreSQL cannot store (a NUL
 * character) is {@link ErrorCode#BAD_USER_INPUT}. Anything else stays an internal error.
 */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    static ApiException classify(Throwable thrown) {
        return classify(thrown, 0);
    }

    /**
     * Causes and suppressed exceptions both: a commit that fails because the connection died is
     * a RollbackException with the driver's error suppressed inside.
     */
    private static ApiException classify(Throwable thrown, int depth) {
        for (Throwable cause = thrown; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLException sql) {
                ApiException known = classify(sql);
                if (known != null) {
                    return known;
                }
            }
            if (cause.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return unavailable();
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                ApiException known = classify(suppressed, depth + 1);
                if (known != null) {
                    return known;
                }
            }
        }
        return null;
    }

    private static ApiException classify(SQLException sql) {
        String state = sql.getSQLState();
        String message = String.valueOf(sql.getMessage());
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
    static String describe(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return "SQL state " + sql.getSQLState() + ": " + sql.getMessage();
            }
        }
        return String.valueOf(thrown);
    }
}
