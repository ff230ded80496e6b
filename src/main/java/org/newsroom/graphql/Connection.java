package org.newsroom.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * The shared half of every Relay connection type. Each feature declares its own connection and
 * edge types (GraphQL needs a named type per node type) and inherits page info and count.
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

    /**
     * Counting needs SQL, run only when a client selects {@code totalCount}. Each feature exposes it
     * as a batched {@code totalCount} resolver that calls this rather than as a plain property:
     * operations run on worker threads here ({@code quarkus.smallrye-graphql.nonblocking.enabled=false}),
     * but in SmallRye's non-blocking mode plain properties would be resolved on the event loop,
     * where SQL must not run.
     */
    public int totalCount() {
        return page.totalCount();
    }
}
