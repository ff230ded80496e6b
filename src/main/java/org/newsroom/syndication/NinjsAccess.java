package org.newsroom.syndication;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.newsroom.article.Article;
import org.newsroom.article.ArticleStatus;
import org.newsroom.auth.Caller;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who may have an article's ninjs document, for {@code Article.ninjs} and
 * {@code GET /syndication/ninjs/{id}} alike.
 */
@ApplicationScoped
public class NinjsAccess {

    /** {@link #readable}'s rule for readers as SQL over the article aliased {@code a}. */
    public static final String READABLE_BY_READERS = ChangeFeed.SHAREABLE;

    /** {@link #readable}'s rule for a partner as SQL over the article aliased {@code a}; the partner's id is its one {@code ?}. */
    public static final String READABLE_BY_PARTNER = ChangeFeed.SHAREABLE
            + " and exists (select 1 from partner p where p.id = ? and " + ChangeFeed.ENTITLED + ")";

    @Inject
    Entitlements entitlements;

    /**
     * Of the given articles, those whose documents the caller may have: editors any; a partner
     * (API key) those it is entitled to, as its feed would deliver them; everyone else those
     * published, past their embargo and with rights that allow syndication. One query at most.
     */
    public List<Article> readable(SecurityIdentity identity, List<Article> articles, Instant now) {
        if (articles.isEmpty()) {
            return List.of();
        }
        if (identity != null && !identity.isAnonymous() && identity.hasRole(Caller.EDITOR)) {
            return articles;
        }
        Object partnerId = identity == null ? null : identity.getAttribute(Caller.PARTNER_ID);
        if (identity != null && identity.hasRole(Caller.PARTNER) && partnerId instanceof Long partner) {
            Set<Long> entitled = entitlements.visibleTo(partner, articles.stream().map(Article::databaseId).toList());
            return articles.stream().filter(article -> entitled.contains(article.databaseId())).toList();
        }
        return articles.stream().filter(article -> article.status() == ArticleStatus.PUBLISHED
                && !article.embargoedAt(now) && article.getRights().getSyndicationAllowed()).toList();
    }
}
