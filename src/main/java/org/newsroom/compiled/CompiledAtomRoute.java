package org.newsroom.compiled;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.newsroom.auth.Caller;
import org.newsroom.db.Sql;
import org.newsroom.graphql.RouteErrors;
import org.newsroom.graphql.SortKey;
import org.newsroom.quota.Quota;
import org.newsroom.syndication.AtomFeed;
import org.newsroom.syndication.FeedEntry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /syndication/atom} ({@link AtomFeed#PATH}), answered by the read engine: one
 * statement, on the primary as every read of the feed (docs/decisions/read-replicas.md), reads the
 * calling partner's newest entries ({@link ReadModel#NEWEST_SYNDICATION_FEED}, the partner's id a
 * parameter bound at execution) with each entry's article as SyndicationFeedEntry.article shows it;
 * AtomFeed's renderer writes the document from its rows, and AtomFeed writes the response. Anyone
 * but a partner is refused as AtomFeed refuses them (401 or 403), a read that fails with its error
 * (503 or 504 for what the database said, else 500 with the reference it is logged with). It
 * charges no rate limit.
 */
@ApplicationScoped
public class CompiledAtomRoute {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = AtomFeed.ENTRIES, defaultValue = "50")
    int entries;

    @Inject
    CompiledAnswers answers;

    private CompiledReads.Compiled plan;

    @PostConstruct
    void compile() {
        plan = new CompiledReads.Compiled(new OperationCompiler.CompiledStatement(newestEntries(entries).render(),
                null, List.of(), true), 0, "AtomFeed", Map.of(), null, false);
    }

    void install(@Observes Router router) {
        router.get(AtomFeed.PATH).handler(this::handle);
    }

    /**
     * The partner's newest entries, newest first, as one JSON array: each entry an array of its kind,
     * article key, version, reason, time (microseconds since the epoch) and its article's language
     * however the article is now (null once it is deleted), then, where the entry shows the
     * article, the article's language, headline, body and first publication (microseconds).
     */
    static Sql newestEntries(int count) {
        ReadModel.Listing feed = ReadModel.NEWEST_SYNDICATION_FEED;
        List<String> order = new ArrayList<>();
        for (SortKey key : feed.keys()) {
            order.add(key.expression() + (feed.descending() ? " desc" : " asc"));
        }
        String orderBy = String.join(", ", order);
        String entry = feed.rowAlias();
        return Sql.text("select convert_to(coalesce(json_agg(json_build_array(" + entry + ".kind, " + entry
                + ".article_id, " + entry + ".version, " + entry + ".reason, " + micros(entry + ".occurred_at")
                + ", entry_article.language, a.language, a.headline, a.body, " + micros("a.first_published_at")
                + ") order by " + orderBy + "), '[]')::text, 'UTF8') from (select ")
                .then(feed.columns()).then(" from ").then(feed.from()).then(" where ").then(feed.condition(null))
                .then(" order by " + orderBy + " limit ").then(Sql.integer(count)).then(") " + entry
                        + " left join article entry_article on entry_article.id = " + entry + ".article_id"
                        + " left join article a on ")
                .then(ReadModel.feedEntryArticle("a", entry));
    }

    private static String micros(String timestamp) {
        return "(extract(epoch from " + timestamp + ") * 1000000)::bigint";
    }

    private void handle(RoutingContext context) {
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        Quota.Caller caller = Quota.caller(identity, context);
        CompiledAnswers.Asker asker = answers.asker(context, identity, caller);
        if (asker.partnerId() == null) {
            context.response().putHeader(CompiledReadRoute.EXECUTION, "compiled");
            AtomFeed.refuse(context, Caller.notAPartner(asker.name()));
            return;
        }
        long partnerId = asker.partnerId();
        answers.readForRoute(context, caller, plan, partnerId, result -> respond(context, partnerId, result));
    }

    private static void respond(RoutingContext context, long partnerId, AsyncResult<Buffer> result) {
        context.response().putHeader(CompiledReadRoute.EXECUTION, "compiled");
        String document;
        try {
            if (result.failed()) {
                throw result.cause();
            }
            if (result.result() == null) {
                throw new IllegalStateException("The statement read no data");
            }
            document = document(partnerId, result.result());
        } catch (Throwable failure) {
            RouteErrors.send(context, RouteErrors.failedRead("a compiled Atom read", failure));
            return;
        }
        AtomFeed.respond(context, document);
    }

    /** The rows of {@link #newestEntries(int)} as AtomFeed's renderer takes them, and its document. */
    private static String document(long partnerId, Buffer data) throws IOException {
        List<List<Object>> rows = JSON.readValue(data.getBytes(), new TypeReference<List<List<Object>>>() {
        });
        List<FeedEntry> newestFirst = new ArrayList<>(rows.size());
        Map<Long, AtomFeed.ShownArticle> current = new HashMap<>();
        for (List<Object> row : rows) {
            long article = ((Number) row.get(1)).longValue();
            newestFirst.add(new FeedEntry(null, FeedEntry.Kind.valueOf((String) row.get(0)), article,
                    ((Number) row.get(2)).longValue(), (String) row.get(3), instant(row.get(4)), (String) row.get(5)));
            if (row.get(6) != null) {
                current.putIfAbsent(article, new AtomFeed.ShownArticle((String) row.get(6), (String) row.get(7),
                        instant(row.get(9)), (String) row.get(8)));
            }
        }
        return AtomFeed.document(partnerId, AtomFeed.newestPerArticle(newestFirst), current);
    }

    private static Instant instant(Object micros) {
        return micros == null ? null : Instant.EPOCH.plus(((Number) micros).longValue(), ChronoUnit.MICROS);
    }
}
