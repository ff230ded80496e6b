package org.newsroom.language;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.api.Context;

/**
 * The language of localised names in this request: the {@code lang} argument when a field has
 * one, else the best known language of the Accept-Language header, else English.
 * <p>
 * The header is read from the execution's GraphQL context (the {@code httpHeaders} every transport,
 * GET, POST and WebSocket, hands to SmallRye when the operation starts), and the language found is
 * kept there for the rest of the operation: resolvers need no CDI request context. SmallRye
 * deactivates that context after every resolver and reactivates the state it kept at the start
 * before the next one, so a request-scoped bean is only as reachable as that state is alive; at 32
 * concurrent GETs the benchmark met resolvers where it was not (ContextNotActiveException).
 */
@ApplicationScoped
public class RequestLanguage {

    static final String HTTP_HEADERS = "httpHeaders";

    private static final String HEADER_LANGUAGE = RequestLanguage.class.getName() + ".fromHeader";

    @Inject
    Context execution;

    public Locale resolve(String lang) {
        if (lang != null) {
            return Languages.parse(lang);
        }
        DataFetchingEnvironment fetching = execution.unwrap(DataFetchingEnvironment.class);
        if (fetching == null) {
            throw new IllegalStateException("RequestLanguage resolves names for the fields of a GraphQL operation only");
        }
        GraphQLContext context = fetching.getGraphQlContext();
        return context.computeIfAbsent(HEADER_LANGUAGE, key -> Languages.ofAcceptLanguage(acceptLanguageHeader(context)));
    }

    /** The first Accept-Language header the operation arrived with (names in any case); null without one. */
    static String acceptLanguageHeader(GraphQLContext context) {
        return header(context, "Accept-Language");
    }

    /** The first value of a header the operation arrived with, over any transport (names in any case); null without one. */
    public static String header(GraphQLContext context, String name) {
        Map<String, List<String>> headers = context.get(HTTP_HEADERS);
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

}
