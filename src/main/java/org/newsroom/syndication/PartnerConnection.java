package org.newsroom.syndication;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.Connection;
import org.newsroom.graphql.Edge;
import org.newsroom.graphql.Page;

@Type("PartnerConnection")
public final class PartnerConnection extends Connection<Partner, PartnerConnection.PartnerEdge> {

    public PartnerConnection(Page<Partner> page) {
        super(page);
    }

    @Override
    protected PartnerEdge edge(Edge<Partner> edge) {
        return new PartnerEdge(edge.cursor(), edge.node());
    }

    @Type("PartnerEdge")
    public record PartnerEdge(@NonNull String cursor, @NonNull Partner node) {
    }
}
