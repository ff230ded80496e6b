package org.newsroom.compiled;

import java.io.IOException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.newsroom.article.Article;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.RouteErrors;
import org.newsroom.quota.Quota;
import org.newsroom.syndication.NinjsRoutes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /syndication/ninjs/{id}} ({@link NinjsRoutes#PATH}), answered by the read engine: the
 * plan of {@code node(id) { ... on Article { ninjs } }} for the caller's {@link Viewer} (a
 * partner's id bound at execution), one statement, whose ninjs step renders the document with
 * {@code NinjsRenderer}; its bytes are written as they are. A malformed ID is a
 * 400, an ID that names no article the caller may have NinjsRoutes' 404, a read that fails its
 * error (503 or 504 for what the database said, else 500 with the reference it is logged with).
 * It charges no rate limit.
 */
@ApplicationScoped
public class CompiledNinjsRoute {

    private static final String DOCUMENT = "query NinjsDocument($id: ID!) { node(id: $id) { ... on Article { ninjs } } }";

    private static final JsonFactory JSON = new JsonFactory();

    @Inject
    CompiledAnswers answers;

    @Inject
    CompiledReads reads;

    void install(@Observes Router router) {
        router.get(NinjsRoutes.PATH).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        String id = context.pathParam("id");
        long key;
        try {
            key = GlobalId.numericKey(id, Article.TYPE);
        } catch (ApiException malformed) {
            context.response().putHeader(CompiledReadRoute.EXECUTION, "compiled");
            RouteErrors.send(context, malformed);
            return;
        }
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        Quota.Caller caller = Quota.caller(identity, context);
        CompiledAnswers.Asker asker = answers.asker(context, identity, caller);
        CompiledReads.Compiled compiled;
        try {
            compiled = reads.compile(DOCUMENT, null, Map.of("id", GlobalId.of(Article.TYPE, key)), asker.viewer());
        } catch (NotCompilable defect) {
            context.response().putHeader(CompiledReadRoute.EXECUTION, "compiled");
            RouteErrors.send(context, RouteErrors.failedRead("planning a ninjs read", defect));
            return;
        }
        CompiledReads.Compiled plan = compiled;
        answers.readForRoute(context, caller, plan, asker.partnerId(), result -> respond(context, id, result));
    }

    private static void respond(RoutingContext context, String id, AsyncResult<Buffer> result) {
        context.response().putHeader(CompiledReadRoute.EXECUTION, "compiled");
        Buffer document;
        try {
            if (result.failed()) {
                throw result.cause();
            }
            if (result.result() == null) {
                throw new IllegalStateException("The statement read no data");
            }
            document = ninjs(result.result());
        } catch (Throwable failure) {
            RouteErrors.send(context, RouteErrors.failedRead("a compiled ninjs read", failure));
            return;
        }
        if (document == null) {
            NinjsRoutes.notFound(context, id);
        } else {
            NinjsRoutes.document(context, document);
        }
    }

    /** The bytes of {@code node.ninjs} in the statement's data, as the step wrote them; null when there is none. */
    private static Buffer ninjs(Buffer data) throws IOException {
        byte[] bytes = data.getBytes();
        try (JsonParser parser = JSON.createParser(bytes)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME && "ninjs".equals(parser.currentName())) {
                    if (parser.nextToken() != JsonToken.START_OBJECT) {
                        return null;
                    }
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    return Buffer.buffer(bytes).getBuffer(start, end);
                }
            }
            return null;
        }
    }
}
