package org.newsroom.country;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.newsroom.graphql.KeysetQuery;
import org.newsroom.graphql.Page;
import org.newsroom.graphql.PageArgs;
import org.newsroom.graphql.Rows;
import org.newsroom.graphql.SortKey;
import org.newsroom.graphql.TextPatterns;

@ApplicationScoped
public class CountryQueries {

    /** Countries by alpha-2 code: the sort key and the cursors' ordering name (the compiled path reads them too). */
    public static final List<SortKey> BY_CODE = List.of(SortKey.of("c.alpha2", SortKey.Type.TEXT));
    public static final String ORDERING = "countries:code";

    @Inject
    EntityManager em;

    @Inject
    CountryCatalog catalog;

    @Inject
    CountryNameIndex names;

    /** What countries(filter) refuses of a filter: a name prefix TextPatterns refuses (BAD_USER_INPUT). */
    public static void requireFilter(CountryFilter filter) {
        if (filter != null && filter.namePrefix != null) {
            TextPatterns.escapedPrefix("namePrefix", filter.namePrefix);
        }
    }

    public Page<Country> countries(CountryFilter filter, PageArgs page) {
        requireFilter(filter);
        KeysetQuery<Country> query = new KeysetQuery<>(ORDERING, "c.alpha2", "country c", BY_CODE, false,
                row -> catalog.require(Rows.text(row, "alpha2")));
        if (filter != null && filter.namePrefix != null) {
            TextPatterns.escapedPrefix("namePrefix", filter.namePrefix);
            Set<String> codes = names.codesByNamePrefix(filter.namePrefix);
            query.where(codes.isEmpty() ? "false" : "c.alpha2 in (:codes)");
            if (!codes.isEmpty()) {
                query.bind("codes", codes);
            }
        }
        return query.page(em, page);
    }
}
