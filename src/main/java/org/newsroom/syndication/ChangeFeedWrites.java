package org.newsroom.syndication;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.newsroom.article.ArticleChanged;
import org.newsroom.statement.StatementChanged;

/**
 * Records every article and statement write in the partners' change feed, in the writing
 * transaction: the entries commit atomically with the write, so the feed never misses or repeats
 * one. Observed last of the synchronous observers, since from the feed's record on its counter row
 * stays locked until commit.
 */
@ApplicationScoped
class ChangeFeedWrites {

    /** After the default priority (APPLICATION + 500) of other observers. */
    static final int LAST = Interceptor.Priority.APPLICATION + 900;

    @Inject
    ChangeFeed feed;

    void articleChanged(@Observes @Priority(LAST) ArticleChanged changed) {
        feed.record(changed.articleId(), switch (changed.change()) {
            case UPDATED -> ChangeFeed.Change.UPDATED;
            case PUBLISHED -> ChangeFeed.Change.PUBLISHED;
            case UNPUBLISHED -> ChangeFeed.Change.UNPUBLISHED;
            case WITHDRAWN -> ChangeFeed.Change.WITHDRAWN;
            case CORRECTED -> ChangeFeed.Change.CORRECTED;
            case EMBARGO_LIFTED -> ChangeFeed.Change.VISIBILITY;
        });
    }

    void statementChanged(@Observes @Priority(LAST) StatementChanged changed) {
        feed.record(changed.articleId(), ChangeFeed.Change.UPDATED);
    }
}
