package org.newsroom.syndication;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import org.newsroom.graphql.Rows;

@ApplicationScoped
public class PartnerQueries {

    static final String COLUMNS = "p.id, p.name, p.created_at, array_to_string(p.languages, ',') as languages, "
            + "array_to_string(p.countries, ',') as countries, p.version";
    static final String KEY_COLUMNS = "k.id, k.partner_id, k.prefix, k.created_at, k.last_used_at, k.revoked_at";

    @Inject
    EntityManager em;

    public Map<Long, Partner> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("select " + COLUMNS + " from partner p where p.id in (:ids)",
                Tuple.class).setParameter("ids", ids).getResultList();
        return rows.stream().map(PartnerQueries::map)
                .collect(Collectors.toMap(Partner::databaseId, partner -> partner));
    }

    public PartnerApiKey key(long id) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("select " + KEY_COLUMNS + " from partner_api_key k where k.id = :id",
                Tuple.class).setParameter("id", id).getResultList();
        return rows.isEmpty() ? null : mapKey(rows.get(0));
    }

    static Partner map(Tuple row) {
        return new Partner(Rows.longValue(row, "id"), Rows.text(row, "name"), Rows.instant(row, "created_at"),
                split(Rows.text(row, "languages")), split(Rows.text(row, "countries")), Rows.longValue(row, "version"));
    }

    static PartnerApiKey mapKey(Tuple row) {
        return new PartnerApiKey(Rows.longValue(row, "id"), Rows.longValue(row, "partner_id"),
                Rows.text(row, "prefix"), Rows.instant(row, "created_at"), Rows.instant(row, "last_used_at"),
                Rows.instant(row, "revoked_at"));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
