package org.newsroom.article;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Rights that apply to every article unless an editor says otherwise. */
@ConfigMapping(prefix = "newsroom.rights")
public interface RightsConfig {

    /** Who holds the copyright of an article that names no holder of its own: the newsroom. */
    @WithDefault("Newsroom")
    String copyrightHolder();
}
