package org.newsroom.syndication;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * A writer inside the service, for the feed's concurrency test: transactions of chosen length that
 * take their transaction ID before they wait for the article (the case in which transaction IDs
 * and commit order disagree), and that roll back when asked.
 */
@ApplicationScoped
public class DirectFeedWriter {

    /** Thrown to roll a transaction back on purpose. */
    public static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rolled back on purpose", null, false, false);
        }
    }

    @Inject
    EntityManager em;

    @Inject
    ChangeFeed feed;

    /**
     * Changes the article's version like an editor's update; returns the version it made. Waits
     * {@code beforeMillis} holding a transaction ID, and {@code afterMillis} after recording, before
     * it commits (or rolls back).
     */
    @Transactional
    public long update(long articleId, long beforeMillis, long afterMillis, boolean rollBack) {
        em.createNativeQuery("select pg_current_xact_id()::text").getSingleResult();
        pause(beforeMillis);
        em.createNativeQuery("select id from article where id = :id for update").setParameter("id", articleId)
                .getSingleResult();
        long version = ((Number) em.createNativeQuery("update article set version = version + 1,"
                + " last_updated_at = now() where id = :id returning version").setParameter("id", articleId)
                .getSingleResult()).longValue();
        feed.record(articleId, ChangeFeed.Change.UPDATED);
        pause(afterMillis);
        if (rollBack) {
            throw new RolledBack();
        }
        return version;
    }

    /** Like update, but once recorded it signals {@code recorded} and waits for {@code release} to commit. */
    @Transactional
    public long updateAndHold(long articleId, java.util.concurrent.CountDownLatch recorded,
            java.util.concurrent.CountDownLatch release) {
        em.createNativeQuery("select id from article where id = :id for update").setParameter("id", articleId)
                .getSingleResult();
        long version = ((Number) em.createNativeQuery("update article set version = version + 1,"
                + " last_updated_at = now() where id = :id returning version").setParameter("id", articleId)
                .getSingleResult()).longValue();
        feed.record(articleId, ChangeFeed.Change.UPDATED);
        recorded.countDown();
        try {
            if (!release.await(2, java.util.concurrent.TimeUnit.MINUTES)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return version;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
