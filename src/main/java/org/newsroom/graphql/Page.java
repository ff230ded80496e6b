package org.newsroom.graphql;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * A page of a keyset-paginated list. The total count is computed only if a client asks for it.
 */
public final class Page<T> {

    private final List<Edge<T>> edges;
    private final PageInfo pageInfo;
    private final IntSupplier totalCount;

    public Page(List<Edge<T>> edges, PageInfo pageInfo, IntSupplier totalCount) {
        this.edges = edges;
        this.pageInfo = pageInfo;
        this.totalCount = totalCount;
    }

    public List<Edge<T>> edges() {
        return edges;
    }

    public PageInfo pageInfo() {
        return pageInfo;
    }

    public int totalCount() {
        return totalCount.getAsInt();
    }
}
