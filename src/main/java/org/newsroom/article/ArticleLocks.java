package org.newsroom.article;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * For writers of what belongs to an article (its statements): the article locked until their
 * transaction ends, so that it cannot change (its body, its status) while they check against it.
 */
@ApplicationScoped
public class ArticleLocks {

    /** The article as a writer of its statements needs it, as of the lock. */
    public record LockedArticle(long id, String body, ArticleStatus status, boolean isPublic) {
    }

    @Inject
    EntityManager em;

    /** Locks the article until the transaction ends; null when there is none. */
    public LockedArticle lock(long articleId) {
        ArticleEntity article = em.find(ArticleEntity.class, articleId, LockModeType.PESSIMISTIC_WRITE);
        return article == null ? null
                : new LockedArticle(article.id, article.body, article.status,
                        ArticleWrites.isPublic(article, Instant.now()));
    }
}
