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
     * The request exceeds a configured limit (body size, URL or header size, batch, variables,
     * tokens, executed fields, aliases, root fields, depth, complexity, query cost);
     * {@code extensions.limit} names it. See docs/api.md, "Limits" and "Query cost and rate limits".
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
    /**
     * Outside GraphQL (e.g. GET /syndication/ninjs/{id}): nothing the caller may see has this ID.
     * (In GraphQL an unknown ID is null, not an error.)
     */
    NOT_FOUND,
    /**
     * The caller's rate limit budget (cost points per window, per partner, token subject or client
     * address) does not cover this operation; nothing ran. Sent with HTTP 429 and Retry-After;
     * {@code extensions.retryAfter} holds the seconds to wait, {@code extensions.cost} the cost.
     */
    RATE_LIMITED,
    /**
     * HTTP 406: the request's Accept header names neither application/json nor
     * application/graphql-response+json (nor a wildcard that covers them).
     */
    NOT_ACCEPTABLE,
    /** A mutation or subscription sent with GET (HTTP 405): send it with POST. Nothing ran. */
    METHOD_NOT_ALLOWED,
    /**
     * Automatic persisted queries: the hash in {@code extensions.persistedQuery} names no document
     * this replica knows; send it again with the document in {@code query} (message
     * {@code PersistedQueryNotFound}, which Apollo Client and urql look for).
     */
    PERSISTED_QUERY_NOT_FOUND,
    /** {@code extensions.persistedQuery} of a version other than 1 (message {@code PersistedQueryNotSupported}). */
    PERSISTED_QUERY_NOT_SUPPORTED,
    /** The document sent with {@code extensions.persistedQuery} does not have the SHA-256 hash sent with it. */
    PERSISTED_QUERY_HASH_MISMATCH,
    /**
     * Only trusted documents (those the reader was built with), named by their hash, may be run
     * without credentials on this deployment ({@code newsroom.persisted.trusted-only}).
     */
    PERSISTED_QUERY_REQUIRED,
    /** The database did not answer within the statement timeout; nothing was changed. Retry later. */
    TIMEOUT,
    /** The database is unreachable; nothing was changed. Retry later (the service recovers by itself). */
    SERVICE_UNAVAILABLE,
    /**
     * A syndication feed cursor points before entries that the retention window has already
     * removed: entries may have been missed. Re-sync the partner's copy and read the feed again
     * from the start ({@code after: null}).
     */
    FEED_CURSOR_EXPIRED,
    /** Something failed on our side; the message carries a reference to the server log. */
    INTERNAL_SERVER_ERROR
}
