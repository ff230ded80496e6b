package org.newsroom.country;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.newsroom.graphql.KeysetQuery;
import org.newsroom.graphql.Page;
import org.newsroom.graphql.PageArgs;
import org.newsroom.graphql.Rows;
import org.newsroom.graphql.SortKey;

@ApplicationScoped
public class CountryQueries {

    private static final List<SortKey> BY_CODE = List.of(SortKey.of("c.alpha2", SortKey.Type.TEXT));

    @Inject
    EntityManager em;

    @Inject
    CountryCatalog catalog;

    public Page<Country> countries(PageArgs page) {
        return new KeysetQuery<>("countries:code", "c.alpha2", "country c", BY_CODE, false,
                row -> catalog.require(Rows.text(row, "alpha2")))
                .page(em, page);
    }
}
