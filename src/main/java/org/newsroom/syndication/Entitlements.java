package org.newsroom.syndication;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Whether a partner may pull articles now: the same rule the feed applies. */
@ApplicationScoped
public class Entitlements {

    @Inject
    EntityManager em;

    /**
     * Of the given articles, those the partner may pull now: public (embargo passed), syndication
     * allowed, and in its languages and countries. One query for the whole batch; needs a transaction
     * or request scope like any query.
     */
    public Set<Long> visibleTo(long partnerId, Collection<Long> articleIds) {
        if (articleIds.isEmpty()) {
            return Set.of();
        }
        List<?> ids = em.createNativeQuery("select a.id from article a join partner p on p.id = :partner"
                + " where a.id in (:ids) and " + ChangeFeed.SHAREABLE + " and " + ChangeFeed.ENTITLED)
                .setParameter("partner", partnerId).setParameter("ids", articleIds).getResultList();
        return ids.stream().map(id -> ((Number) id).longValue()).collect(Collectors.toUnmodifiableSet());
    }
}
