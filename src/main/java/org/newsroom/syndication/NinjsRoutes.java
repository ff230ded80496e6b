package org.newsroom.syndication;

import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.RouteErrors;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /syndication/ninjs/{id}}: an article (by its global ID) as an IPTC ninjs 2.2 document,
 * {@code application/json}, read by the read engine (org.newsroom.compiled.CompiledNinjsRoute). Who
 * may have it: {@link NinjsAccess}; anyone else gets 404 with a JSON error body, exactly as for an
 * ID that names nothing, so that the answer tells nothing about articles the caller may not see.
 */
public final class NinjsRoutes {

    public static final String PATH = "/syndication/ninjs/:id";

    private static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private NinjsRoutes() {
    }

    /** The answer for an ID that names no article the caller may have (malformed IDs aside). */
    public static void notFound(RoutingContext context, String id) {
        RouteErrors.send(context, new ApiException(ErrorCode.NOT_FOUND,
                "There is no article with ID '" + id + "' that you may syndicate."));
    }

    /** The answer with a document, its JSON as {@link NinjsDocument#toJson()} wrote it, in UTF-8. */
    public static void document(RoutingContext context, Buffer json) {
        context.response().setStatusCode(200).putHeader("Content-Type", CONTENT_TYPE).end(json);
    }
}
