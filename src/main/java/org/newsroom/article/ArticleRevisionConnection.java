package org.newsroom.article;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.Connection;
import org.newsroom.graphql.Edge;
import org.newsroom.graphql.Page;

@Type("ArticleRevisionConnection")
public final class ArticleRevisionConnection
        extends Connection<ArticleRevision, ArticleRevisionConnection.ArticleRevisionEdge> {

    public ArticleRevisionConnection(Page<ArticleRevision> page) {
        super(page);
    }

    @Override
    protected ArticleRevisionEdge edge(Edge<ArticleRevision> edge) {
        return new ArticleRevisionEdge(edge.cursor(), edge.node());
    }

    @Type("ArticleRevisionEdge")
    public record ArticleRevisionEdge(@NonNull String cursor, @NonNull ArticleRevision node) {
    }
}
