package org.newsroom.article;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.Connection;
import org.newsroom.graphql.Edge;
import org.newsroom.graphql.Page;

@Type("ArticleConnection")
public final class ArticleConnection extends Connection<Article, ArticleConnection.ArticleEdge> {

    public ArticleConnection(Page<Article> page) {
        super(page);
    }

    @Override
    protected ArticleEdge edge(Edge<Article> edge) {
        return new ArticleEdge(edge.cursor(), edge.node());
    }

    @Type("ArticleEdge")
    public record ArticleEdge(@NonNull String cursor, @NonNull Article node) {
    }
}
