package org.newsroom.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * The shared half of every Relay connection type, as the schema declares it (the read engine
 * answers every connection). Each feature declares its own connection and edge types (GraphQL
 * needs a named type per node type) and inherits nodes and page info; {@code totalCount} is
 * declared by each feature's API class.
 */
public abstract class Connection<T, E> {

    private final Page<T> page;

    protected Connection(Page<T> page) {
        this.page = page;
    }

    protected abstract E edge(Edge<T> edge);

    public @NonNull List<@NonNull E> getEdges() {
        return page.edges().stream().map(this::edge).toList();
    }

    @Description("The nodes of this page, for clients that need no cursors.")
    public @NonNull List<@NonNull T> getNodes() {
        return page.edges().stream().map(Edge::node).toList();
    }

    public @NonNull PageInfo getPageInfo() {
        return page.pageInfo();
    }
}
