package org.newsroom.syndication;

import org.newsroom.db.Sql;

/**
 * Who may have an article's ninjs document, for {@code Article.ninjs} and
 * {@code GET /syndication/ninjs/{id}} alike, as SQL over the article aliased {@code a}: a reader
 * what may be shared, a partner what may be shared and it is entitled to, editors everything.
 */
public final class NinjsAccess {

    /** The rule for readers. */
    public static final String READABLE_BY_READERS = ChangeFeed.SHAREABLE;

    /** The rule for a partner (its id, or a placeholder bound per request). */
    public static Sql readableByPartner(Object partner) {
        return Sql.text(ChangeFeed.SHAREABLE + " and exists (select 1 from partner p where p.id = ").then(Sql.value(partner))
                .then(" and " + ChangeFeed.ENTITLED + ")");
    }

    private NinjsAccess() {
    }
}
