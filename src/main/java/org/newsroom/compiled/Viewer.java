package org.newsroom.compiled;

import org.newsroom.auth.Caller;
import org.newsroom.db.Sql;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Whose view a compiled plan reads, a parameter of the plan: readers see published articles once their embargo has
 * passed (withdrawn ones by ID, without their text), editors see every article, admins what editors
 * see and the partners too. Partners (an API
 * key) read articles as readers do; their entitlements decide what their syndication feed and
 * ninjs documents hold, through the partner's id, which a plan leaves to a parameter bound at
 * execution ({@link #CALLING_PARTNER}), so one plan serves every partner. Token holders without
 * the editor role are readers; admins are editors too ({@code AdminImpliesEditor}). Who pays for
 * the read is the quota's business, not the plan's.
 */
enum Viewer {
    READER,
    /**
     * A subscription's reader, the objects of its events read when they are delivered: what a
     * reader sees, and a statement by its ID while its article is withdrawn too (LiveEventLoader
     * sends the events of what was public when it was written, a statement added before its
     * article's withdrawal among them).
     */
    EVENT_READER,
    PARTNER,
    EDITOR,
    ADMIN;

    /** The calling partner's id, bound when a plan runs: plans are cached per viewer, not per partner. */
    static final Sql.Placeholder CALLING_PARTNER = new Sql.Placeholder("the calling partner's id");

    /** The viewer of an authenticated identity, or of none (anonymous). */
    static Viewer of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return READER;
        }
        if (identity.hasRole(Caller.ADMIN)) {
            return ADMIN;
        }
        if (identity.hasRole(Caller.EDITOR)) {
            return EDITOR;
        }
        return partnerId(identity) != null ? PARTNER : READER;
    }

    /** Whether it sees what editors see: every article, whatever its status or embargo. */
    boolean editor() {
        return this == EDITOR || this == ADMIN;
    }

    /** The partner's id, as the API key mechanism (alone) sets it; null for anyone else. */
    static Long partnerId(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !identity.hasRole(Caller.PARTNER)) {
            return null;
        }
        return identity.getAttribute(Caller.PARTNER_ID) instanceof Long id ? id : null;
    }
}
