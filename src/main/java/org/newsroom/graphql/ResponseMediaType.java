package org.newsroom.graphql;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.RoutingContext;

/**
 * The media type of a GraphQL response over HTTP (GraphQL over HTTP, "Accept"), whichever route
 * answers: {@code application/json} unless the client asks for
 * {@code application/graphql-response+json} before it (no Accept header, {@code *}{@code /*} and
 * {@code application/*} get {@code application/json}). Every answer on the GraphQL path carries
 * one of the two, always with {@code charset=UTF-8}, never a value copied from the request.
 * <p>
 * Status codes follow the media type: with {@code application/graphql-response+json} a response
 * without {@code data} (the request failed before execution: parsing, validation, variables) is
 * HTTP 400; with {@code application/json} it stays 200, as clients of that type expect.
 */
@ApplicationScoped
public class ResponseMediaType {

    public static final String JSON = "application/json; charset=UTF-8";
    public static final String GRAPHQL_RESPONSE = "application/graphql-response+json; charset=UTF-8";

    /** Set on the request when its GraphQL result has no {@code data} entry (a request error). */
    static final String REQUEST_ERROR = "newsroom.graphql.request-error";

    @Inject
    GraphQLRoutes routes;

    /** Marks an answer another route than SmallRye's wrote without {@code data}: a request error. */
    public static void requestFailed(RoutingContext context) {
        context.put(REQUEST_ERROR, true);
    }

    /** The response type for this request; null when it accepts neither (HTTP 406). */
    public static String of(RoutingContext context) {
        List<MIMEHeader> accepted = context.parsedHeaders().accept();
        if (accepted == null || accepted.isEmpty()) {
            return JSON;
        }
        for (MIMEHeader type : accepted) {
            String value = type.value().toLowerCase(Locale.ROOT);
            if (value.equals("application/graphql-response+json") || value.equals("application/graphql+json")) {
                return GRAPHQL_RESPONSE;
            }
            if (value.equals("application/json") || value.equals("*/*") || value.equals("application/*")) {
                return JSON;
            }
        }
        return null;
    }

    /** Whether failures before execution are HTTP 400 (graphql-response+json) rather than 200. */
    public static boolean requestErrorsAre400(RoutingContext context) {
        return GRAPHQL_RESPONSE.equals(of(context));
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (routes.isGraphQLPath(context)) {
                context.addHeadersEndHandler(ignored -> settle(context));
            }
            context.next();
        }, 40);
    }

    /** Just before the headers go out: the negotiated type, and 400 for a request error where it says so. */
    private static void settle(RoutingContext context) {
        String written = context.response().headers().get(HttpHeaders.CONTENT_TYPE);
        if (written == null) {
            return;
        }
        String lower = written.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("application/json") && !lower.startsWith("application/graphql-response+json")
                && !lower.startsWith("application/graphql+json")) {
            return; // the schema, the UI, a WebSocket upgrade
        }
        String type = of(context);
        if (type == null) {
            return;
        }
        context.response().headers().set(HttpHeaders.CONTENT_TYPE, type);
        if (Boolean.TRUE.equals(context.get(REQUEST_ERROR)) && context.response().getStatusCode() == 200
                && GRAPHQL_RESPONSE.equals(type)) {
            context.response().setStatusCode(400);
        }
    }
}
