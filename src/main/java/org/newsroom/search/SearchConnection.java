package org.newsroom.search;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.Node;
import org.newsroom.graphql.PageInfo;

@Type("SearchConnection")
@Description("Search results, most relevant first (ties: articles, then statements, then speakers, each by ID). "
        + "Page forward with first/after.")
public final class SearchConnection {

    private final List<SearchEdge> edges;
    private final PageInfo pageInfo;

    SearchConnection(List<SearchEdge> edges, PageInfo pageInfo) {
        this.edges = edges;
        this.pageInfo = pageInfo;
    }

    public @NonNull List<@NonNull SearchEdge> getEdges() {
        return edges;
    }

    @Description("The results of this page, for clients that need no cursors.")
    public @NonNull List<@NonNull Node> getNodes() {
        return edges.stream().map(SearchEdge::node).toList();
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }
}
