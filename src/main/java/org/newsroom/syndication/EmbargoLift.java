package org.newsroom.syndication;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.scheduler.Scheduled;

import org.newsroom.live.LiveEvent;
import org.newsroom.live.LiveEvents;

/**
 * Announces published articles whose embargo has just passed, with no editor writing anything: a
 * PUBLISHED feed entry for each partner that may pull it, and the live articlePublished event.
 *
 * <p>Every replica runs it; {@code for update skip locked} hands each article to one of them, and
 * a row in {@code article_embargo_lift} per article and embargo time makes it happen once (a new
 * embargo time is announced again). An article published after its embargo had passed was announced
 * by its publication; it is not a candidate, since its embargo lies before its first publication.
 */
@ApplicationScoped
public class EmbargoLift {

    private static final int BATCH = 100;

    @ConfigProperty(name = "newsroom.syndication.embargo-lookback", defaultValue = "P7D")
    Duration lookback;

    @Inject
    EntityManager em;

    @Inject
    ChangeFeed feed;

    @Inject
    LiveEvents events;

    @Scheduled(every = "${newsroom.syndication.embargo-check-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledLift() {
        while (liftDue() == BATCH) {
            // a backlog (e.g. after downtime): keep going in batches, each its own transaction
        }
    }

    /** Announces up to one batch of articles whose embargo passed; returns how many. */
    @Transactional
    public int liftDue() {
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("select a.id, a.embargo_until from article a"
                + " where a.embargo_until <= now() and a.embargo_until > now() - cast(:lookback as interval)"
                + " and a.status = 'PUBLISHED' and a.embargo_until > a.first_published_at"
                + " and not exists (select 1 from article_embargo_lift l where l.article_id = a.id"
                + "   and l.embargo_until = a.embargo_until)"
                + " order by a.embargo_until, a.id limit " + BATCH + " for update of a skip locked")
                .setParameter("lookback", lookback.toSeconds() + " seconds").getResultList();
        for (Object[] row : due) {
            long articleId = ((Number) row[0]).longValue();
            em.createNativeQuery("insert into article_embargo_lift (article_id, embargo_until)"
                    + " values (:id, :until) on conflict do nothing")
                    .setParameter("id", articleId).setParameter("until", row[1]).executeUpdate();
            events.announce(LiveEvent.Type.ARTICLE_PUBLISHED, articleId);
            events.announce(LiveEvent.Type.ARTICLE_UPDATED, articleId);
        }
        for (Object[] row : due) {
            feed.record(((Number) row[0]).longValue(), ChangeFeed.Change.VISIBILITY);
        }
        return due.size();
    }
}
