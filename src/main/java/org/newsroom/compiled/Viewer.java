package org.newsroom.compiled;

import org.newsroom.auth.Caller;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Whose view a compiled plan reads, a parameter of the plan as the caller is of the interpreter's
 * resolvers ({@code Caller.isEditor()}): readers see published articles once their embargo has
 * passed (withdrawn ones by ID, without their text), editors see every article. Readers are
 * anonymous callers, partners (their entitlements decide only the syndication feed and ninjs,
 * which the compiled path does not read) and token holders without the editor role; admins are
 * editors ({@code AdminImpliesEditor}). Who pays for the read is the quota's business, not the plan's.
 */
enum Viewer {
    READER,
    EDITOR;

    /** The viewer of an authenticated identity, or of none (anonymous). */
    static Viewer of(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && identity.hasRole(Caller.EDITOR) ? EDITOR : READER;
    }
}
