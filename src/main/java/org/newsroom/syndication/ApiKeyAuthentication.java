package org.newsroom.syndication;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.newsroom.auth.Caller;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Partners authenticate with an API key, {@code X-Api-Key: <key>} or {@code Authorization: ApiKey <key>},
 * beside the bearer JWTs of editors. A request without a key is left to the other mechanisms; one
 * with a wrong or revoked key is refused with HTTP 401 and a GraphQL-shaped error body. The key
 * is never logged: failures carry no key text.
 */
@ApplicationScoped
public class ApiKeyAuthentication implements HttpAuthenticationMechanism {

    static final String HEADER = "X-Api-Key";
    static final String SCHEME = "ApiKey";
    private static final String REJECTED = ApiKeyAuthentication.class.getName() + ".rejected";
    private static final String MESSAGE = "The API key is not valid: it is unknown or was revoked.";

    /** The key of one request, on its way to the identity provider. */
    static final class ApiKeyRequest extends BaseAuthenticationRequest {
        final String key;

        ApiKeyRequest(String key) {
            this.key = key;
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Optional<String> key = key(context);
        if (key.isEmpty()) {
            return Uni.createFrom().optional(Optional.empty());
        }
        context.put(REJECTED, Boolean.TRUE);
        return identityProviderManager.authenticate(new ApiKeyRequest(key.get()))
                .invoke(identity -> context.remove(REJECTED));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (context.get(REJECTED) == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SCHEME));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, HEADER));
    }

    /** The key of a request, from X-Api-Key or an Authorization header of scheme ApiKey. */
    static Optional<String> key(RoutingContext context) {
        String header = context.request().getHeader(HEADER);
        if (header != null) {
            return Optional.of(header.strip());
        }
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            return Optional.of(authorization.substring(SCHEME.length() + 1).strip());
        }
        return Optional.empty();
    }

    /** A refused key gets a body a GraphQL client understands, not just the status. */
    void shapeRefusals(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.get(REJECTED) != null && context.failure() instanceof AuthenticationFailedException
                    && !context.response().headWritten()) {
                writeRefusal(context);
            } else {
                context.next();
            }
        });
    }

    static void writeRefusal(RoutingContext context) {
        JsonObject error = new JsonObject().put("message", MESSAGE)
                .put("extensions", new JsonObject().put("code", "UNAUTHENTICATED"));
        context.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", SCHEME)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }

    /**
     * Checks a key: from this replica's cache on the calling thread (the event loop) when that needs
     * no statement, else against the database on a worker thread.
     */
    @ApplicationScoped
    public static class Provider implements IdentityProvider<ApiKeyRequest> {

        @Inject
        ApiKeys keys;

        @Override
        public Class<ApiKeyRequest> getRequestType() {
            return ApiKeyRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
            ApiKeys.VerifiedKey known = keys.verifiedInMemory(request.key);
            if (known != null) {
                return Uni.createFrom().item(identity(known));
            }
            return context.runBlocking(() -> keys.verify(request.key)
                    .map(Provider::identity)
                    .orElseThrow(() -> new AuthenticationFailedException(MESSAGE)));
        }

        private static SecurityIdentity identity(ApiKeys.VerifiedKey key) {
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("partner:" + key.partnerId()))
                    .addRole(Caller.PARTNER)
                    .addAttribute(Caller.PARTNER_ID, key.partnerId())
                    .build();
        }
    }
}
