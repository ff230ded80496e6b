package org.newsroom.persisted;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Persisted operations (docs/api.md, "Persisted operations"). */
@ConfigMapping(prefix = "newsroom.persisted")
public interface PersistedConfig {

    /**
     * Callers without credentials may run only trusted documents (the reader's, from
     * {@link #trustedDocuments()}); partners and editors may still send any document and register
     * automatic persisted queries. Off by default; on in the production overlay.
     */
    @WithDefault("false")
    boolean trustedOnly();

    /** The class-path resource of the trusted documents: a JSON object of SHA-256 hash to document. */
    @WithDefault("persisted/reader.json")
    String trustedDocuments();

    /**
     * The characters of registered documents (automatic persisted queries) one replica keeps in
     * memory; the least recently used go first when they would exceed it.
     */
    @WithDefault("10000000")
    long registeredCharacters();
}
