package org.newsroom.syndication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * API keys: random, shown once, stored only as SHA-256 of the key text (a key has 256 random bits,
 * so a fast hash is enough; no salt or slow hash is needed as for passwords).
 *
 * <p>Verification is one indexed look-up by hash. Keys found are cached in this JVM for
 * {@code newsroom.syndication.api-key-cache-ttl} (default 5 s, at most
 * {@code api-key-cache-size} keys): a key revoked on another replica stops working here within
 * that time, on this replica at once. Unknown keys are not cached, so a key created on another
 * replica works at once. {@code last_used_at} is written at most once a minute per key (checked
 * here and in SQL, so several replicas together also write about once a minute).
 */
@ApplicationScoped
public class ApiKeys {

    /** Recognisable in logs, configs and secret scanners: "nrk_" + 43 base64url characters. */
    static final String KEY_PREFIX = "nrk_";
    private static final int RANDOM_BYTES = 32;
    private static final int SHOWN_PREFIX_LENGTH = KEY_PREFIX.length() + 8;
    private static final Pattern FORMAT = Pattern.compile("nrk_[A-Za-z0-9_-]{43}");
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final LongAdder blockingVerifications = new LongAdder();

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "newsroom.syndication.api-key-cache-ttl", defaultValue = "5S")
    Duration cacheTtl;

    @ConfigProperty(name = "newsroom.syndication.api-key-cache-size", defaultValue = "10000")
    int cacheSize;

    /** A key that works: whose partner it is. */
    public record VerifiedKey(long keyId, long partnerId) {
    }

    private record Cached(VerifiedKey key, long expiresAtNanos, long lastUsedWrittenNanos) {
    }

    /** A new key's text, its hash and the prefix that may be shown. */
    record NewKey(String text, byte[] hash, String shownPrefix) {
    }

    NewKey generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String text = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new NewKey(text, hash(text), text.substring(0, SHOWN_PREFIX_LENGTH));
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The partner of a working key; empty for a malformed, unknown or revoked one. Blocking. */
    public Optional<VerifiedKey> verify(String key) {
        blockingVerifications.increment();
        if (key == null || !FORMAT.matcher(key).matches()) {
            return Optional.empty();
        }
        byte[] hash = hash(key);
        String cacheKey = Base64.getEncoder().encodeToString(hash);
        long now = System.nanoTime();
        Cached cached = cache.get(cacheKey);
        if (cached != null && now - cached.expiresAtNanos < 0) {
            touch(cacheKey, cached, now);
            return Optional.of(cached.key);
        }
        Optional<VerifiedKey> found = lookUp(hash);
        if (found.isEmpty()) {
            cache.remove(cacheKey);
            return found;
        }
        Cached fresh = new Cached(found.get(), now + cacheTtl.toNanos(),
                cached == null ? now - LAST_USED_RESOLUTION.toNanos() - 1 : cached.lastUsedWrittenNanos);
        if (cache.size() >= cacheSize) {
            evictSome(now);
        }
        cache.put(cacheKey, fresh);
        touch(cacheKey, fresh, now);
        return found;
    }

    /**
     * The partner of a well-formed key this replica verified within the cache TTL, when answering
     * needs no statement (no look-up, no {@code last_used_at} write due); null when {@link #verify}
     * must run. Not blocking: the event loop may call it, so that a partner's request does not wait
     * for a worker thread (two thread hand-offs a request) when nothing is to be read or written.
     */
    VerifiedKey verifiedInMemory(String key) {
        if (key == null || !FORMAT.matcher(key).matches()) {
            return null;
        }
        long now = System.nanoTime();
        Cached cached = cache.get(Base64.getEncoder().encodeToString(hash(key)));
        if (cached == null || now - cached.expiresAtNanos >= 0
                || now - cached.lastUsedWrittenNanos >= LAST_USED_RESOLUTION.toNanos()) {
            return null;
        }
        return cached.key;
    }

    /** Calls of {@link #verify} since start: tests check that a cached key needs none. */
    long blockingVerifications() {
        return blockingVerifications.sum();
    }

    /** Forgets a revoked key on this replica at once (other replicas within the cache TTL). */
    void forget(byte[] hash) {
        cache.remove(Base64.getEncoder().encodeToString(hash));
    }

    void forgetAll() {
        cache.clear();
    }

    private void touch(String cacheKey, Cached cached, long now) {
        if (now - cached.lastUsedWrittenNanos < LAST_USED_RESOLUTION.toNanos()) {
            return;
        }
        cache.computeIfPresent(cacheKey, (k, current) -> new Cached(current.key, current.expiresAtNanos, now));
        execute("update partner_api_key set last_used_at = now() where id = ? and revoked_at is null"
                + " and (last_used_at is null or last_used_at < now() - interval '1 minute')", cached.key.keyId());
    }

    private void evictSome(long now) {
        cache.values().removeIf(entry -> now - entry.expiresAtNanos >= 0);
        Iterator<String> keys = cache.keySet().iterator();
        while (cache.size() >= cacheSize && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private Optional<VerifiedKey> lookUp(byte[] hash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select id, partner_id from partner_api_key where key_hash = ? and revoked_at is null")) {
            statement.setBytes(1, hash);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new VerifiedKey(rows.getLong(1), rows.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look up an API key", e);
        }
    }

    private void execute(String sql, long id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the use of an API key", e);
        }
    }
}
