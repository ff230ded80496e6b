package org.newsroom.search;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.Node;

@Type("SearchEdge")
@Description("One search result: an Article, a Statement or a Speaker (use fragments on node), "
        + "its relevance and where it matched.")
public record SearchEdge(
        @NonNull String cursor,
        @NonNull @Description("The Article, Statement or Speaker found.") Node node,
        @NonNull SearchResultType type,
        @NonNull @Description("Relevance, higher first: 2 and above for the query's words as a phrase, 1 and "
                + "above for all its words, below 1 for text that is only similar (typos, spaces).") double score,
        @NonNull @Description("The fields that matched, with snippets and match offsets.")
        List<@NonNull Highlight> highlights) {
}
