package org.newsroom.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The request line and header limits, answered with a coded body: Vert.x answers 414 and 431
 * itself with an empty one, before any route runs. Its own limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set well
 * above these, so that a request between the two gets HTTP 414 or 431 with
 * {@code extensions.code} QUERY_LIMIT_EXCEEDED and {@code extensions.limit} {@code url-length} or
 * {@code header-size}; beyond Vert.x's limits the connection is still answered by Vert.x alone.
 */
@ApplicationScoped
public class HttpSizeLimits {

    @Inject
    RequestLimits limits;

    void register(@Observes Filters filters) {
        // Before everything else (authentication, CORS, rate limits): nothing else reads the request.
        filters.register(this::check, Integer.MAX_VALUE);
    }

    private void check(RoutingContext context) {
        int maxUrl = limits.maxUrlLength();
        String uri = context.request().uri();
        if (uri != null && uri.length() > maxUrl) {
            refuse(context, 414, LimitBreaches.URL_LENGTH, "The request's URL is longer than " + maxUrl
                    + " characters; send long GraphQL documents with POST.");
            return;
        }
        long maxHeaders = limits.maxHeaderSize().asLongValue();
        long size = 0;
        for (var header : context.request().headers()) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        if (size > maxHeaders) {
            refuse(context, 431, LimitBreaches.HEADER_SIZE, "The request's headers take more than " + maxHeaders
                    + " bytes.");
            return;
        }
        context.next();
    }

    private static void refuse(RoutingContext context, int status, String limit, String message) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        GraphQLRequestGuard.refuse(context, status, ErrorCode.QUERY_LIMIT_EXCEEDED, limit, message);
    }
}
