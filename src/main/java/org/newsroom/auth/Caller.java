package org.newsroom.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ErrorCode;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling: anonymous readers see published content only; a token with the role
 * {@code editor} (or {@code admin}, which implies it) may write and see drafts and history.
 */
@ApplicationScoped
public class Caller {

    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";

    @Inject
    Instance<SecurityIdentity> identity;

    /** Whether the caller may see unpublished content; false where no request is active (events). */
    public boolean isEditor() {
        SecurityIdentity current = current();
        return current != null && !current.isAnonymous() && current.hasRole(EDITOR);
    }

    /** The editor's name for the history; UNAUTHENTICATED without a token, FORBIDDEN without the role. */
    public String requireEditor() {
        SecurityIdentity current = current();
        if (current == null || current.isAnonymous()) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED,
                    "This needs a bearer token of an editor (Authorization: Bearer ...).");
        }
        if (!current.hasRole(EDITOR)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only editors may change content; the token of '"
                    + current.getPrincipal().getName() + "' has no editor role.");
        }
        return current.getPrincipal().getName();
    }

    private SecurityIdentity current() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        return identity.get();
    }
}
