package org.newsroom.graphql;

import java.util.List;

/** A page of a keyset-paginated list, as a connection declares it. */
public final class Page<T> {

    private final List<Edge<T>> edges;
    private final PageInfo pageInfo;
    public Page(List<Edge<T>> edges, PageInfo pageInfo) {
        this.edges = edges;
        this.pageInfo = pageInfo;
    }

    public List<Edge<T>> edges() {
        return edges;
    }

    public PageInfo pageInfo() {
        return pageInfo;
    }
}
