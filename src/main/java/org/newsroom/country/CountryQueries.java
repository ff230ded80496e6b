package org.newsroom.country;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.newsroom.graphql.SortKey;
import org.newsroom.graphql.TextPatterns;

@ApplicationScoped
public class CountryQueries {

    /** Countries by alpha-2 code: the sort key and the cursors' ordering name (the compiled path reads them too). */
    public static final List<SortKey> BY_CODE = List.of(SortKey.of("c.alpha2", SortKey.Type.TEXT));
    public static final String ORDERING = "countries:code";

    /** What countries(filter) refuses of a filter: a name prefix TextPatterns refuses (BAD_USER_INPUT). */
    public static void requireFilter(CountryFilter filter) {
        if (filter != null && filter.namePrefix != null) {
            TextPatterns.escapedPrefix("namePrefix", filter.namePrefix);
        }
    }

}
