package org.newsroom.syndication;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How ninjs documents name their articles. */
@ConfigMapping(prefix = "newsroom.ninjs")
public interface NinjsConfig {

    /**
     * Prefix of a document's {@code uri}, followed by the article's global ID: a URN by default,
     * or e.g. {@code https://news.example/articles/} once the newsroom has a public address. The
     * uri must stay stable: partners deduplicate by it.
     */
    @WithDefault("urn:newsroom:article:")
    String uriPrefix();
}
