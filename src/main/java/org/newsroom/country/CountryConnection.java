package org.newsroom.country;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.Connection;
import org.newsroom.graphql.Edge;
import org.newsroom.graphql.Page;

@Type("CountryConnection")
public final class CountryConnection extends Connection<Country, CountryConnection.CountryEdge> {

    public CountryConnection(Page<Country> page) {
        super(page);
    }

    @Override
    protected CountryEdge edge(Edge<Country> edge) {
        return new CountryEdge(edge.cursor(), edge.node());
    }

    @Type("CountryEdge")
    public record CountryEdge(@NonNull String cursor,
            @NonNull Country node) {
    }
}
