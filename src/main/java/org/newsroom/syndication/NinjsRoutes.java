package org.newsroom.syndication;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.newsroom.article.Article;
import org.newsroom.article.ArticleQueries;
import org.newsroom.auth.Caller;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.RouteErrors;
import org.newsroom.visibility.Visibility;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /syndication/ninjs/{id}}: an article (by its global ID) as an IPTC ninjs 2.2 document,
 * {@code application/json}. Who may have it: {@link NinjsAccess}; anyone else gets 404 with a JSON
 * error body, exactly as for an ID that names nothing, so that the answer tells nothing about
 * articles the caller may not see.
 */
@ApplicationScoped
public class NinjsRoutes {

    public static final String PATH = "/syndication/ninjs/:id";

    private static final String CONTENT_TYPE = "application/json; charset=utf-8";

    @Inject
    ArticleQueries articles;

    @Inject
    NinjsRenderer renderer;

    @Inject
    NinjsAccess access;

    @Inject
    IdentityProviderManager identities;

    void routes(@Observes Router router) {
        router.get(PATH).blockingHandler(this::serve, false);
    }

    private void serve(RoutingContext context) {
        String id = context.pathParam("id");
        SecurityIdentity identity = QuarkusHttpUser.getSecurityIdentityBlocking(context, identities);
        Optional<String> document;
        try {
            document = document(id, identity);
        } catch (ApiException malformed) {
            RouteErrors.send(context, malformed);
            return;
        }
        if (document.isEmpty()) {
            notFound(context, id);
        } else {
            context.response().setStatusCode(200).putHeader("Content-Type", CONTENT_TYPE).end(document.get());
        }
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

    /** The document, when the ID names an article the caller may have; a malformed ID is an ApiException. */
    @ActivateRequestContext
    @Transactional
    Optional<String> document(String id, SecurityIdentity identity) {
        long key = GlobalId.numericKey(id, Article.TYPE);
        boolean editor = !identity.isAnonymous() && identity.hasRole(Caller.EDITOR);
        Article article = articles.byIds(List.of(key), Visibility.byId(editor)).get(key);
        Instant now = Instant.now();
        if (article == null || access.readable(identity, List.of(article), now).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(renderer.render(List.of(article), now).get(0).toJson());
    }
}
