package org.newsroom.persisted;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.runtime.Startup;
import io.vertx.core.json.JsonObject;

/**
 * The documents a hash may name: the trusted ones, loaded at start from the manifest the reader's
 * build writes ({@code web/scripts/persisted-documents.mjs}), and those registered by automatic
 * persisted queries, kept in this replica's memory within a bound (so a client may have to
 * register its document again with each replica, which the protocol allows for).
 */
@Startup
@ApplicationScoped
public class PersistedDocuments {

    private static final Logger LOG = Logger.getLogger(PersistedDocuments.class);

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, String> trusted;

    private final Cache<String, String> registered;

    @Inject
    PersistedDocuments(PersistedConfig config) {
        this.trusted = load(config.trustedDocuments());
        this.registered = Caffeine.newBuilder()
                .maximumWeight(config.registeredCharacters())
                .weigher((String hash, String document) -> document.length())
                .build();
        LOG.infof("%d trusted documents from %s", trusted.size(), config.trustedDocuments());
    }

    /** Whether the text is a SHA-256 hash as the protocol writes it: 64 hexadecimal digits, lower case. */
    static boolean isHash(String text) {
        return text != null && SHA256_HEX.matcher(text).matches();
    }

    static String sha256(String document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    Optional<String> trusted(String hash) {
        return Optional.ofNullable(trusted.get(hash));
    }

    boolean isTrusted(String hash) {
        return trusted.containsKey(hash);
    }

    Optional<String> registered(String hash) {
        return Optional.ofNullable(registered.getIfPresent(hash));
    }

    /** Keeps a document whose hash the caller has checked. */
    void register(String hash, String document) {
        if (!trusted.containsKey(hash)) {
            registered.put(hash, document);
        }
    }

    /** The manifest, each hash checked against its document: a wrong one stops the start. */
    private static Map<String, String> load(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                LOG.warnf("No trusted documents: %s is not on the class path", resource);
                return Map.of();
            }
            JsonObject manifest = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, String> documents = new TreeMap<>();
            for (Map.Entry<String, Object> entry : manifest) {
                if (!(entry.getValue() instanceof String document) || !isHash(entry.getKey())
                        || !entry.getKey().equals(sha256(document))) {
                    throw new IllegalStateException(resource + ": the entry " + entry.getKey() + " is not the SHA-256 "
                            + "hash of its document; write the manifest again (web/: npm run persisted)");
                }
                documents.put(entry.getKey(), document);
            }
            return Map.copyOf(documents);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
