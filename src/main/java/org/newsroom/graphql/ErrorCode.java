package org.newsroom.graphql;

/** The values of {@code extensions.code} in GraphQL errors; clients switch on these. */
public enum ErrorCode {
    /** An argument or variable is malformed or out of range; the message says which and why. */
    BAD_USER_INPUT,
    /** The document is not valid against the schema (unknown field, missing argument, ...). */
    GRAPHQL_VALIDATION_FAILED,
    /** The document is not GraphQL. */
    GRAPHQL_PARSE_FAILED,
    /** The document exceeds a configured limit (depth, complexity, tokens). */
    QUERY_LIMIT_EXCEEDED,
    /** The caller may not see or do this: the token lacks the role it needs. */
    FORBIDDEN,
    /** This needs a bearer token (a bad or expired token is refused earlier, with HTTP 401). */
    UNAUTHENTICATED,
    /**
     * The write named a version of the object that is no longer current; nothing was written.
     * {@code extensions.currentVersion} holds the current version.
     */
    CONFLICT,
    /**
     * A syndication feed cursor points before entries that the retention window has already
     * removed: entries may have been missed. Re-sync the partner's copy and read the feed again
     * from the start ({@code after: null}).
     */
    FEED_CURSOR_EXPIRED,
    /** Something failed on our side; the message carries a reference to the server log. */
    INTERNAL_SERVER_ERROR
}
