package org.newsroom.statement;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.Connection;
import org.newsroom.graphql.Edge;
import org.newsroom.graphql.Page;

@Type("StatementConnection")
public final class StatementConnection extends Connection<Statement, StatementConnection.StatementEdge> {

    public StatementConnection(Page<Statement> page) {
        super(page);
    }

    @Override
    protected StatementEdge edge(Edge<Statement> edge) {
        return new StatementEdge(edge.cursor(), edge.node());
    }

    @Type("StatementEdge")
    public record StatementEdge(@NonNull String cursor, @NonNull Statement node) {
    }
}
