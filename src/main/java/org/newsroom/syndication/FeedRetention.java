package org.newsroom.syndication;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.newsroom.db.SchemaNotMigrated;

import io.quarkus.scheduler.Scheduled;

/**
 * Removes feed entries older than {@code newsroom.syndication.feed-retention} (default 30 days),
 * and remembers per partner the newest position removed, so that a cursor from before it is told
 * to re-sync (FEED_CURSOR_EXPIRED) instead of silently missing entries. Safe on every replica at
 * once: deleting the same rows twice removes nothing more, and the remembered position only grows.
 */
@ApplicationScoped
public class FeedRetention {

    private static final Logger LOG = Logger.getLogger(FeedRetention.class);

    @ConfigProperty(name = "newsroom.syndication.feed-retention", defaultValue = "P30D")
    Duration retention;

    @Inject
    EntityManager em;

    @Scheduled(every = "${newsroom.syndication.feed-cleanup-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SchemaNotMigrated.class)
    void scheduledCleanup() {
        int removed = removeOlderThan(Instant.now().minus(retention));
        if (removed > 0) {
            LOG.infof("Feed retention removed %d entries older than %s", removed, retention);
        }
    }

    /** Removes the entries recorded before the cutoff; returns how many. */
    @Transactional
    public int removeOlderThan(Instant cutoff) {
        @SuppressWarnings("unchecked")
        List<Object[]> removed = em.createNativeQuery("with removed as (delete from syndication_feed_entry"
                + " where occurred_at < :cutoff returning partner_id, seq, id),"
                + " newest as (select distinct on (partner_id) partner_id, seq, id, count(*) over (partition by partner_id) as n"
                + "   from removed order by partner_id, seq desc, id desc),"
                + " remembered as (update partner p set feed_pruned_seq = newest.seq, feed_pruned_id = newest.id"
                + "   from newest where p.id = newest.partner_id"
                + "   and (p.feed_pruned_seq, p.feed_pruned_id) < (newest.seq, newest.id))"
                + " select partner_id, n from newest")
                .setParameter("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)).getResultList();
        return removed.stream().mapToInt(row -> ((Number) row[1]).intValue()).sum();
    }
}
