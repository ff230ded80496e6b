package org.newsroom.live;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.newsroom.article.ArticleChanged;
import org.newsroom.statement.StatementChanged;

/**
 * Turns the writes that readers can see into live events. It observes inside the writing
 * transaction on purpose: {@link LiveEvents#announce} queues a NOTIFY there, which PostgreSQL
 * delivers to every replica when, and only if, that transaction commits. An after-commit observer
 * would need a transaction of its own and could lose the event between the two.
 */
@ApplicationScoped
class WriteAnnouncements {

    @Inject
    LiveEvents events;

    void articleChanged(@Observes ArticleChanged changed) {
        if (changed.becamePublic()) {
            events.announce(LiveEvent.Type.ARTICLE_PUBLISHED, changed.articleId());
            events.announce(LiveEvent.Type.ARTICLE_UPDATED, changed.articleId());
        } else if (changed.wasPublic() && changed.change() != ArticleChanged.Change.UNPUBLISHED) {
            // a withdrawn article stays listed for readers, with its reason; an unpublished one leaves quietly
            events.announce(LiveEvent.Type.ARTICLE_UPDATED, changed.articleId());
        }
    }

    void statementChanged(@Observes StatementChanged changed) {
        if (!changed.articleIsPublic()) {
            return;
        }
        if (changed.change() == StatementChanged.Change.ADDED) {
            events.announce(LiveEvent.Type.STATEMENT_ADDED, changed.statementId());
        }
        events.announce(LiveEvent.Type.ARTICLE_UPDATED, changed.articleId());
    }
}
