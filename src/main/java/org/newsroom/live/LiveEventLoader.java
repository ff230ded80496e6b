package org.newsroom.live;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.newsroom.article.Article;
import org.newsroom.article.ArticleQueries;
import org.newsroom.statement.Statement;
import org.newsroom.statement.StatementQueries;
import org.newsroom.visibility.Visibility;


/**
 * Loads what a notification names, once per replica, as the public sees it (null if it is not
 * public). A write announces only what was public when it committed; the listener loads it a moment
 * later, when the article may have been withdrawn since (the statement added before, the
 * publication itself): such events still go out, in order before the withdrawal's, as they would
 * have had they been delivered at once. An article unpublished since leaves quietly: its events are
 * dropped.
 */
@ApplicationScoped
public class LiveEventLoader {

    @Inject
    ArticleQueries articles;

    @Inject
    StatementQueries statements;

    @Inject
    EntityManager em;

    @ActivateRequestContext
    @Transactional
    public LiveEvent load(LiveEvent.Type type, long id) {
        return switch (type) {
            case ARTICLE_PUBLISHED -> {
                Article article = articles.byIds(List.of(id), Visibility.PUBLISHED_OR_WITHDRAWN).get(id);
                yield article == null ? null : articleEvent(type, article);
            }
            case ARTICLE_UPDATED -> {
                Article article = articles.byIds(List.of(id), Visibility.PUBLISHED_OR_WITHDRAWN).get(id);
                yield article == null ? null : articleEvent(type, article);
            }
            case STATEMENT_ADDED -> {
                Statement statement = statements.byIds(List.of(id), Visibility.PUBLISHED_OR_WITHDRAWN).get(id);
                if (statement == null) {
                    yield null;
                }
                Article article = articles.byIds(List.of(statement.articleId()), Visibility.PUBLISHED_OR_WITHDRAWN)
                        .get(statement.articleId());
                yield new LiveEvent(type, article, statement,
                        statements.countryCodes(List.of(id)).getOrDefault(id, List.of()),
                        Set.of(statement.speakerId()));
            }
        };
    }

    private LiveEvent articleEvent(LiveEvent.Type type, Article article) {
        long id = article.databaseId();
        @SuppressWarnings("unchecked")
        List<Number> speakers = em.createNativeQuery("select distinct speaker_id from statement where article_id = :id")
                .setParameter("id", id).getResultList();
        Set<Long> speakerIds = new HashSet<>();
        speakers.forEach(speaker -> speakerIds.add(speaker.longValue()));
        return new LiveEvent(type, article, null, articles.countryCodes(List.of(id)).getOrDefault(id, List.of()),
                speakerIds);
    }
}
