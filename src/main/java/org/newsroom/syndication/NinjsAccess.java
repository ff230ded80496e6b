package org.newsroom.syndication;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

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

    /**
     * Editors may have any article's document; everyone else only that of a published article
     * past its embargo whose rights allow syndication. Partner entitlements (a partner API key's
     * identity has the role {@code partner} and the attribute {@code partnerId}) belong here.
     */
    public boolean mayRead(SecurityIdentity identity, Article article, Instant now) {
        if (identity != null && !identity.isAnonymous() && identity.hasRole(Caller.EDITOR)) {
            return true;
        }
        return article.status() == ArticleStatus.PUBLISHED && !article.embargoedAt(now)
                && article.getRights().getSyndicationAllowed();
    }
}
