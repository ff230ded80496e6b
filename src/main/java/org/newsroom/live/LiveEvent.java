package org.newsroom.live;

import java.util.List;
import java.util.Set;

import org.newsroom.article.Article;
import org.newsroom.statement.Statement;

/**
 * Something that happened to public content, loaded once per replica and filtered per subscriber.
 *
 * @param article      the article as the public sees it (for statement events: the statement's)
 * @param countryCodes alpha-2 codes of the article's, or the statement's, countries
 * @param speakerIds   the speakers quoted (for statement events: the statement's speaker)
 * @param statement    the statement added, for STATEMENT_ADDED
 */
public record LiveEvent(Type type, Article article, Statement statement, List<String> countryCodes,
        Set<Long> speakerIds) {

    public enum Type {
        ARTICLE_PUBLISHED, ARTICLE_UPDATED, STATEMENT_ADDED
    }
}
