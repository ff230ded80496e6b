package org.newsroom.live;

import java.util.List;
import java.util.Set;

import org.newsroom.article.Article;
import org.newsroom.statement.Statement;

/**
 * Something that happened to public content, loaded once per replica and filtered per subscriber:
 * what the filters need to know of it. The object it names is read by the read engine when the
 * event is delivered, as the event's reader sees it then.
 *
 * @param articleId    the article's key (for statement events: the statement's article)
 * @param statementId  the statement's key, for STATEMENT_ADDED; null otherwise
 * @param language     the article's language
 * @param countryCodes alpha-2 codes of the article's, or the statement's, countries
 * @param speakerIds   the speakers quoted (for statement events: the statement's speaker)
 */
public record LiveEvent(Type type, long articleId, Long statementId, String language, List<String> countryCodes,
        Set<Long> speakerIds) {

    public enum Type {
        ARTICLE_PUBLISHED, ARTICLE_UPDATED, STATEMENT_ADDED
    }

    /** The article the event names, by its key: its fields are read when the event is delivered. */
    public Article article() {
        return Article.ofKey(articleId);
    }

    /** The statement a STATEMENT_ADDED event names, by its key. */
    public Statement statement() {
        return Statement.ofKey(statementId);
    }
}
