package org.newsroom.search;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

@GraphQLApi
@Transactional
public class SearchApi {

    @Inject
    SearchQueries queries;

    @Query("search")
    @Description("Articles, statements and speakers that match the words typed, most relevant first. Matching "
            + "ignores the differences between Arabic and Urdu letters, diacritics, tatweel, zero-width joiners, "
            + "Eastern and ASCII digits, Unicode forms, Latin case and accents; the last word may be incomplete; "
            + "when few results match exactly, similar text (typos, missing or extra spaces) is found too.")
    public @NonNull SearchConnection search(
            @NonNull @Name("query") @Description("What the reader typed: 1 to 500 characters, taken literally.")
            String query,
            Integer first, String after, SearchFilter filter) {
        return queries.search(query, filter, first, after);
    }

    @Name("totalCount")
    @Description("How many results the whole search has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<SearchConnection> connections) {
        return connections.stream().map(SearchConnection::totalCount).toList();
    }
}
