package org.newsroom.visibility;

import java.time.Instant;

/**
 * What readers (anyone without an editor's rights), partners and search may see of articles, and
 * so of the statements quoted in them: one rule, as SQL for queries and as its Java twin for
 * writers, shared by the features that list, search, syndicate and announce articles.
 */
public final class PublicArticles {

    /**
     * Whether an article is out of its embargo: before embargo_until it is invisible to readers,
     * partners and search, whatever its status, and it appears at that time without a write. Every
     * public condition includes it; {@code now()} is the transaction's start, so one request sees
     * one consistent set of articles.
     */
    public static String notEmbargoed(String alias) {
        return "(" + alias + ".embargo_until is null or " + alias + ".embargo_until <= now())";
    }

    /** What a reader without an editor's rights may see of articles aliased {@code alias}. */
    public static String publicCondition(String alias) {
        // The status as a literal, so that the planner can use the partial indexes on published rows.
        return alias + ".status = 'PUBLISHED' and " + notEmbargoed(alias);
    }

    /** What a reader without an editor's rights may see of an article asked for by its ID: withdrawn ones too. */
    public static String publicOrWithdrawnCondition(String alias) {
        return alias + ".status in ('PUBLISHED', 'WITHDRAWN') and " + notEmbargoed(alias);
    }

    /** What a reader without an editor's rights may see: {@link #publicCondition} of alias {@code a}. */
    public static final String PUBLIC = publicCondition("a");

    private PublicArticles() {
    }

    /** Whether readers see an article now: the Java twin of {@link #publicCondition}. */
    public static boolean isPublic(boolean published, Instant embargoUntil, Instant now) {
        return published && !isEmbargoed(embargoUntil, now);
    }

    /** Whether an embargo still holds an article back at {@code now}. */
    public static boolean isEmbargoed(Instant embargoUntil, Instant now) {
        return embargoUntil != null && embargoUntil.isAfter(now);
    }
}
