package org.newsroom.syndication;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.newsroom.visibility.PublicArticles;

/**
 * Writes the partners' change feed, inside the transaction of the change it records.
 *
 * <p>Each partner gets its own entries (fan-out when written), decided by comparing what the
 * partner holds (what it was last told, {@code partner_article}) with what it may see now: an
 * article it may now see but does not hold is PUBLISHED to it; one it holds and may no longer see
 * is WITHDRAWN / UNPUBLISHED (when that is what happened), DELETED, or REVOKED (rights, countries
 * or entitlements changed). Entries of one transaction share a position ({@code seq}) taken from a
 * counter row as the transaction's last write; the row stays locked until commit, so positions
 * follow commit order and a reader never sees a later position before an earlier one
 * (docs/decisions/change-feed.md).
 */
@ApplicationScoped
public class ChangeFeed {

    /** What happened to an article, as its writer says. */
    public enum Change {
        PUBLISHED, UPDATED, CORRECTED, WITHDRAWN, UNPUBLISHED,
        /** Nothing was written, but its visibility may have changed (e.g. an embargo passed). */
        VISIBILITY
    }

    /** Articles partners may get at all: public (embargo passed) and syndication allowed. */
    public static final String SHAREABLE = PublicArticles.PUBLIC + " and a.syndication_allowed";

    /** Whether partner p's entitlements cover article a. */
    public static final String ENTITLED = "(cardinality(p.languages) = 0 or a.language = any(p.languages))"
            + " and (cardinality(p.countries) = 0 or exists (select 1 from article_country ac"
            + " where ac.article_id = a.id and ac.country_code = any(p.countries)))";

    /**
     * Article writers hold it shared while they record, partner changes exclusively while they
     * reconcile: a partner created or re-entitled concurrently with an article change then sees
     * that change either in its reconciliation or in the writer's fan-out, never in neither.
     */
    static final long PARTNERS_LOCK = 0x5359_4E44_4645_4544L;

    static final String REVOKED_REASON = "No longer within your entitlements or the article's syndication rights.";
    static final String UNPUBLISHED_REASON = "Taken back by the newsroom for now.";
    static final String DELETED_REASON = "Deleted by the newsroom.";

    @Inject
    EntityManager em;

    /**
     * Records a change of one article for every partner it concerns. Call it in the writing
     * transaction, with the article row locked, as the last write before commit: from here on the
     * feed's counter row is locked until the transaction ends.
     */
    public void record(long articleId, Change change) {
        em.flush();
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock_shared(:lock)) locked")
                .setParameter("lock", PARTNERS_LOCK).getSingleResult();
        apply("select p.id as partner_id, cast(:key as bigint) as article_id from partner p", change, articleId);
    }

    /**
     * Brings one partner's feed in line with its (new) entitlements: PUBLISHED for articles it may
     * now see, REVOKED for those it held and may not. Call it with the partner row locked.
     */
    void reconcile(long partnerId) {
        em.flush();
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(:lock)) locked")
                .setParameter("lock", PARTNERS_LOCK).getSingleResult();
        apply("select cast(:key as bigint) as partner_id, a.id as article_id from article a where " + SHAREABLE
                + " union select pa.partner_id, pa.article_id from partner_article pa where pa.partner_id = :key",
                Change.VISIBILITY, partnerId);
    }

    /** Writes the entries for the (partner, article) pairs that {@code pairs} selects, given {@code :key}. */
    private void apply(String pairs, Change change, long key) {
        String sql = "with pairs as (" + pairs + "),"
                + " decided as (select pr.partner_id, pr.article_id, a.id is not null as present,"
                + "   coalesce(a.version, (select max(e.version) from syndication_feed_entry e"
                + "     where e.article_id = pr.article_id), 0) as version, a.withdrawal_reason,"
                + "   coalesce(a.id is not null and " + SHAREABLE + " and " + ENTITLED + ", false) as visible,"
                + "   exists (select 1 from partner_article h where h.partner_id = pr.partner_id"
                + "     and h.article_id = pr.article_id) as held"
                + "   from pairs pr join partner p on p.id = pr.partner_id left join article a on a.id = pr.article_id),"
                + " kinds as (select partner_id, article_id, version,"
                + "   case when visible and not held then 'PUBLISHED'"
                + "        when visible and held and :change in ('UPDATED', 'CORRECTED') then :change"
                + "        when held and not visible then case when not present then 'DELETED'"
                + "             when :change in ('WITHDRAWN', 'UNPUBLISHED') then :change else 'REVOKED' end"
                + "   end as kind, withdrawal_reason from decided),"
                + " changed as (select * from kinds where kind is not null),"
                + " clock as (update syndication_feed_clock set seq = seq + 1"
                + "   where exists (select 1 from changed) returning seq),"
                + " written as (insert into syndication_feed_entry (partner_id, seq, kind, article_id, version, reason)"
                + "   select c.partner_id, clock.seq, c.kind, c.article_id, c.version,"
                + "     case c.kind when 'WITHDRAWN' then c.withdrawal_reason when 'UNPUBLISHED' then :unpublished"
                + "       when 'DELETED' then :deleted when 'REVOKED' then :revoked end"
                + "   from changed c cross join clock order by c.partner_id, c.article_id"
                + "   returning partner_id, article_id, kind),"
                + " held_now as (insert into partner_article (partner_id, article_id)"
                + "   select partner_id, article_id from written where kind = 'PUBLISHED' on conflict do nothing),"
                + " dropped as (delete from partner_article h using written w where h.partner_id = w.partner_id"
                + "   and h.article_id = w.article_id and w.kind not in ('PUBLISHED', 'UPDATED', 'CORRECTED'))"
                + " select count(*) from written";
        var query = em.createNativeQuery(sql).setParameter("change", change.name())
                .setParameter("unpublished", UNPUBLISHED_REASON).setParameter("deleted", DELETED_REASON)
                .setParameter("revoked", REVOKED_REASON);
        query.setParameter("key", key).getSingleResult();
    }
}
