package org.newsroom.syndication;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.Edge;
import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.KeysetQuery;
import org.newsroom.graphql.Page;
import org.newsroom.graphql.PageArgs;
import org.newsroom.graphql.Rows;
import org.newsroom.graphql.SortKey;

/** Reads one partner's feed in commit order (positions (seq, id), see ChangeFeed). */
@ApplicationScoped
public class FeedQueries {

    private static final String COLUMNS = "e.kind, e.article_id, e.version, e.reason, e.occurred_at, a.language";
    private static final String FROM = "syndication_feed_entry e left join article a on a.id = e.article_id";

    /** The name of the feed's order in its cursors. */
    public static final String ORDERING = "syndicationFeed";

    /** An entry's position (see ChangeFeed), over entries aliased {@code e}; its cursors carry it. */
    public static final List<SortKey> POSITION = List.of(SortKey.of("e.seq", SortKey.Type.LONG),
            SortKey.of("e.id", SortKey.Type.LONG));

    /** Whose entries a page holds: the partner's id is {@code :partner}. */
    public static final String OF_PARTNER = "e.partner_id = :partner";

    /**
     * Whether a position (seq, id) lies before what retention has removed for partner {@code p}:
     * entries after it may be gone (FEED_CURSOR_EXPIRED). The two {@code ?} take seq and id.
     */
    public static final String EXPIRED = "(cast(? as bigint), cast(? as bigint)) < (p.feed_pruned_seq, p.feed_pruned_id)";

    /** The kinds of entries whose article an entry shows (the others are tombstones, FeedEntry.Kind). */
    public static final String WITH_ARTICLE = "('PUBLISHED', 'UPDATED', 'CORRECTED')";

    @Inject
    EntityManager em;

    /** The entries after a cursor, oldest first; FEED_CURSOR_EXPIRED if entries after it were already removed. */
    public Page<FeedEntry> after(long partnerId, PageArgs args) {
        KeysetQuery<FeedEntry> query = query(partnerId, false);
        if (args.after() != null) {
            List<Object> position = query.cursorValues("after", args.after());
            requireRetained(partnerId, (Long) position.get(0), (Long) position.get(1));
        }
        return withCursors(query.page(em, args));
    }

    /** The newest entries, newest first (for Atom). */
    public List<FeedEntry> newest(long partnerId, int count) {
        return withCursors(query(partnerId, true).page(em, new PageArgs(count, null, null, null))).edges().stream()
                .map(Edge::node).toList();
    }

    private void requireRetained(long partnerId, long seq, long id) {
        Tuple pruned = (Tuple) em.createNativeQuery("select feed_pruned_seq, feed_pruned_id from partner where id = :id",
                Tuple.class).setParameter("id", partnerId).getSingleResult();
        long prunedSeq = Rows.longValue(pruned, "feed_pruned_seq");
        long prunedId = Rows.longValue(pruned, "feed_pruned_id");
        if (seq < prunedSeq || (seq == prunedSeq && id < prunedId)) {
            throw expiredCursor();
        }
    }

    /** The error of a cursor whose position lies before what retention removed ({@link #EXPIRED}). */
    public static ApiException expiredCursor() {
        return new ApiException(ErrorCode.FEED_CURSOR_EXPIRED, "This cursor is older than the feed keeps "
                + "entries, so changes after it may be gone. Re-sync: fetch the articles you hold again "
                + "(node/nodes), then read syndicationFeed from the start (after: null) and save the new cursors.");
    }

    private static KeysetQuery<FeedEntry> query(long partnerId, boolean newestFirst) {
        return new KeysetQuery<>(ORDERING, COLUMNS, FROM, POSITION, newestFirst, FeedQueries::map)
                .where(OF_PARTNER, "partner", partnerId);
    }

    private static Page<FeedEntry> withCursors(Page<FeedEntry> page) {
        List<Edge<FeedEntry>> edges = page.edges().stream()
                .map(edge -> new Edge<>(edge.cursor(), edge.node().withCursor(edge.cursor()))).toList();
        return new Page<>(edges, page.pageInfo(), page::totalCount);
    }

    private static FeedEntry map(Tuple row) {
        return new FeedEntry(null, FeedEntry.Kind.valueOf(Rows.text(row, "kind")), Rows.longValue(row, "article_id"),
                Rows.longValue(row, "version"), Rows.text(row, "reason"), Rows.instant(row, "occurred_at"),
                Rows.text(row, "language"));
    }
}
