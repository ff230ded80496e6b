package org.newsroom.syndication;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.Connection;
import org.newsroom.graphql.Edge;
import org.newsroom.graphql.Page;

@Type("SyndicationFeedConnection")
public final class FeedConnection extends Connection<FeedEntry, FeedConnection.FeedEdge> {

    public FeedConnection(Page<FeedEntry> page) {
        super(page);
    }

    @Override
    protected FeedEdge edge(Edge<FeedEntry> edge) {
        return new FeedEdge(edge.cursor(), edge.node());
    }

    @Type("SyndicationFeedEdge")
    public record FeedEdge(@NonNull String cursor, @NonNull FeedEntry node) {
    }
}
