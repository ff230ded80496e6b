package org.newsroom.testing;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/** Bearer tokens signed with the committed dev key, as bin/dev-token makes them. */
public final class Tokens {

    public static final String ISSUER = "https://newsroom.dev/dev-token";
    private static final String KEY = "dev-keys/newsroom-dev-private-key.pem";

    private Tokens() {
    }

    public static String editor() {
        return withRoles("test-editor", "editor");
    }

    public static String admin() {
        return withRoles("test-admin", "admin");
    }

    /** A valid token whose roles give no write rights. */
    public static String reader() {
        return withRoles("test-reader", "subscriber");
    }

    public static String withRoles(String subject, String... roles) {
        return Jwt.issuer(ISSUER).subject(subject).upn(subject).groups(Set.of(roles)).expiresIn(600).sign(KEY);
    }

    public static String expired() {
        Instant past = Instant.now().minusSeconds(3600);
        return Jwt.issuer(ISSUER).subject("test-editor").groups(Set.of("editor")).issuedAt(past.minusSeconds(600))
                .expiresAt(past).sign(KEY);
    }

    /** Well formed, but signed with a key the service does not trust. */
    public static String foreignSignature() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            PrivateKey key = generator.generateKeyPair().getPrivate();
            return Jwt.issuer(ISSUER).subject("intruder").groups(Set.of("admin")).expiresIn(600).sign(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String wrongIssuer() {
        return Jwt.issuer("https://elsewhere.example").subject("test-editor").groups(Set.of("editor")).expiresIn(600)
                .sign(KEY);
    }
}
