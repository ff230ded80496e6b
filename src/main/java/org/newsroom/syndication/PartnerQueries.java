package org.newsroom.syndication;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import org.newsroom.graphql.Rows;

@ApplicationScoped
public class PartnerQueries {

    static final String KEY_COLUMNS = "k.id, k.partner_id, k.prefix, k.created_at, k.last_used_at, k.revoked_at";

    @Inject
    EntityManager em;

    public PartnerApiKey key(long id) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("select " + KEY_COLUMNS + " from partner_api_key k where k.id = :id",
                Tuple.class).setParameter("id", id).getResultList();
        return rows.isEmpty() ? null : mapKey(rows.get(0));
    }

    static PartnerApiKey mapKey(Tuple row) {
        return new PartnerApiKey(Rows.longValue(row, "id"), Rows.longValue(row, "partner_id"),
                Rows.text(row, "prefix"), Rows.instant(row, "created_at"), Rows.instant(row, "last_used_at"),
                Rows.instant(row, "revoked_at"));
    }

}
