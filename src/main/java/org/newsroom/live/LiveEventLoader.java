package org.newsroom.live;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.newsroom.visibility.PublicArticles;

/**
 * Loads what the subscriptions' filters need to know of what a notification names, once per
 * replica, in one statement: its article's language, its countries and the speakers quoted; null
 * if the public does not see it. A write announces only what was public when it committed; the
 * listener loads it a moment later, when the article may have been withdrawn since (the statement
 * added before, the publication itself): such events still go out, in order before the
 * withdrawal's, as they would have had they been delivered at once. An article unpublished since
 * leaves quietly: its events are dropped. The objects themselves are read by the read engine when
 * each event is delivered.
 */
@ApplicationScoped
public class LiveEventLoader {

    private static final String ARTICLE = "select a.id, null, a.language,"
            + " array_to_string(array(select c.country_code from article_country c where c.article_id = a.id"
            + " order by c.country_code), ','),"
            + " array_to_string(array(select distinct s.speaker_id from statement s where s.article_id = a.id), ',')"
            + " from article a where a.id = :id and " + PublicArticles.publicOrWithdrawnCondition("a");

    private static final String STATEMENT = "select s.article_id, s.id, a.language,"
            + " array_to_string(array(select c.country_code from statement_country c where c.statement_id = s.id"
            + " order by c.country_code), ','), s.speaker_id::text"
            + " from statement s join article a on a.id = s.article_id where s.id = :id and "
            + PublicArticles.publicOrWithdrawnCondition("a");

    @Inject
    EntityManager em;

    @ActivateRequestContext
    @Transactional
    public LiveEvent load(LiveEvent.Type type, long id) {
        List<?> rows = em.createNativeQuery(type == LiveEvent.Type.STATEMENT_ADDED ? STATEMENT : ARTICLE)
                .setParameter("id", id).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = (Object[]) rows.get(0);
        return new LiveEvent(type, ((Number) row[0]).longValue(), row[1] == null ? null : ((Number) row[1]).longValue(),
                (String) row[2], split((String) row[3]),
                split((String) row[4]).stream().map(Long::valueOf).collect(Collectors.toUnmodifiableSet()));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
