package org.newsroom.syndication;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.newsroom.db.Sql;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.SortKey;

/** Reads one partner's feed in commit order (positions (seq, id), see ChangeFeed). */
@ApplicationScoped
public class FeedQueries {

    /** The name of the feed's order in its cursors. */
    public static final String ORDERING = "syndicationFeed";

    /** An entry's position (see ChangeFeed), over entries aliased {@code e}; its cursors carry it. */
    public static final List<SortKey> POSITION = List.of(SortKey.of("e.seq", SortKey.Type.LONG),
            SortKey.of("e.id", SortKey.Type.LONG));

    /** Whose entries a page holds, over entries aliased {@code e}: the partner's (an id, or a placeholder bound per request). */
    public static Sql ofPartner(Object partner) {
        return Sql.text("e.partner_id = ").then(Sql.value(partner));
    }

    /**
     * Whether a position (seq, id) lies before what retention has removed for partner {@code p}:
     * entries after it may be gone (FEED_CURSOR_EXPIRED).
     */
    public static Sql expired(Object seq, Object id) {
        return Sql.text("(cast(").then(Sql.value(seq)).then(" as bigint), cast(").then(Sql.value(id))
                .then(" as bigint)) < (p.feed_pruned_seq, p.feed_pruned_id)");
    }

    /** The kinds of entries whose article an entry shows (the others are tombstones, FeedEntry.Kind). */
    public static final String WITH_ARTICLE = "('PUBLISHED', 'UPDATED', 'CORRECTED')";

    /** The error of a cursor whose position lies before what retention removed ({@link #EXPIRED}). */
    public static ApiException expiredCursor() {
        return new ApiException(ErrorCode.FEED_CURSOR_EXPIRED, "This cursor is older than the feed keeps "
                + "entries, so changes after it may be gone. Re-sync: fetch the articles you hold again "
                + "(node/nodes), then read syndicationFeed from the start (after: null) and save the new cursors.");
    }

}
