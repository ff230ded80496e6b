package org.newsroom.graphql;

/** The values of {@code extensions.code} in GraphQL errors; clients switch on these. */
public enum ErrorCode {
    /** An argument or variable is malformed or out of range; the message says which and why. */
    BAD_USER_INPUT,
    /** The document is not valid against the schema (unknown field, missing argument, ...). */
    GRAPHQL_VALIDATION_FAILED,
    /** The document is not GraphQL. */
    GRAPHQL_PARSE_FAILED,
    /**
     * The request exceeds a configured limit (body size, batch, variables, tokens, aliases, root
     * fields, depth, complexity); {@code extensions.limit} names it. See README "Limits and reliability".
     */
    QUERY_LIMIT_EXCEEDED,
    /**
     * The HTTP request is not a GraphQL request: the body is not JSON (or not UTF-8), it has no
     * query, or its content type is not application/json or application/graphql.
     */
    BAD_REQUEST,
    /** The caller may not see or do this: the token lacks the role it needs. */
    FORBIDDEN,
    /** This needs a bearer token (a bad or expired token is refused earlier, with HTTP 401). */
    UNAUTHENTICATED,
    /**
     * The write named a version of the object that is no longer current; nothing was written.
     * {@code extensions.currentVersion} holds the current version.
     */
    CONFLICT,
    /** The database did not answer within the statement timeout; nothing was changed. Retry later. */
    TIMEOUT,
    /** The database is unreachable; nothing was changed. Retry later (the service recovers by itself). */
    SERVICE_UNAVAILABLE,
    /** Something failed on our side; the message carries a reference to the server log. */
    INTERNAL_SERVER_ERROR
}
