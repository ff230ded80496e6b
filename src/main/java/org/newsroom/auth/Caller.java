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
    /** A partner newsroom calling with an API key (org.newsroom.syndication.ApiKeyAuthentication). */
    public static final String PARTNER = "partner";
    /** The SecurityIdentity attribute that holds a partner's id (a Long). */
    public static final String PARTNER_ID = "partnerId";

    @Inject
    Instance<SecurityIdentity> identity;

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

    /** The admin's name for the record; UNAUTHENTICATED without a token, FORBIDDEN without the role. */
    public String requireAdmin() {
        SecurityIdentity current = current();
        if (current == null || current.isAnonymous() || !current.hasRole(ADMIN)) {
            throw notAnAdmin(current == null || current.isAnonymous() ? null : current.getPrincipal().getName());
        }
        return current.getPrincipal().getName();
    }

    /** The refusal of a caller who is no admin: UNAUTHENTICATED when anonymous (no name), else FORBIDDEN. */
    public static ApiException notAnAdmin(String name) {
        return name == null
                ? new ApiException(ErrorCode.UNAUTHENTICATED, "This needs a bearer token of an admin (Authorization: Bearer ...).")
                : new ApiException(ErrorCode.FORBIDDEN, "Only admins may do this; '" + name + "' has no admin role.");
    }

    /** The refusal of a caller who is no partner: UNAUTHENTICATED when anonymous (no name), else FORBIDDEN. */
    public static ApiException notAPartner(String name) {
        return name == null
                ? new ApiException(ErrorCode.UNAUTHENTICATED,
                        "This needs a partner's API key (X-Api-Key: <key> or Authorization: ApiKey <key>).")
                : new ApiException(ErrorCode.FORBIDDEN,
                        "Only partners may do this, with their API key; '" + name + "' is not a partner.");
    }

    private SecurityIdentity current() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        return identity.get();
    }
}
