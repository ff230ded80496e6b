package org.newsroom.search;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.graphql.SchemaOnly;

@GraphQLApi
public class SearchApi {

    @Query("search")
    @Description("Articles, statements and speakers that hold every word typed (as typed or as the start of a "
            + "longer word), most relevant first; the order and repetition of the words change nothing, and every "
            + "such result can be reached by paging. Matching ignores the differences between Arabic and Urdu "
            + "letters, diacritics, tatweel, zero-width joiners, Eastern and ASCII digits, Unicode forms, Latin "
            + "case and accents. Ranking (score 2 and more) weighs rare words above frequent ones and prefers "
            + "words typed in full, words next to each other and newer results; when every word is frequent, "
            + "only the newest 150 matches of each kind are ranked and the older ones follow, newest first (score "
            + "between 1 and 2). When fewer than 5 results hold every word, results holding only similar words "
            + "(typos, missing or extra spaces) follow them (score below 1); totalCount counts all of these exactly.")
    public @NonNull SearchConnection search(
            @NonNull @Name("query") @Description("What the reader typed: 1 to 500 characters, taken literally.")
            String query,
            Integer first, String after, SearchFilter filter) {
        throw SchemaOnly.readByTheEngine("Query.search");
    }

    @Name("totalCount")
    @Description("How many results the whole search has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<SearchConnection> connections) {
        throw SchemaOnly.readByTheEngine("SearchConnection.totalCount");
    }
}
