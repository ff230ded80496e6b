package org.newsroom.article;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.graphql.SchemaOnly;

/** Article.revisions and Article.corrections, batched per level. */
@GraphQLApi
public class ArticleHistoryApi {

    @Name("revisions")
    @Description("Changes to the article and its statements, oldest first. Readers see those made while it "
            + "was public; editors see all, with who made them and the previous version.")
    public List<@NonNull ArticleRevisionConnection> revisions(@Source List<Article> articles,
            Integer first, String after, Integer last, String before) {
        throw SchemaOnly.readByTheEngine("Article.revisions");
    }

    @Name("corrections")
    @Description("The public corrections of the article, oldest first: each with its note and the version it made.")
    public List<@NonNull List<@NonNull ArticleRevision>> corrections(@Source List<Article> articles) {
        throw SchemaOnly.readByTheEngine("Article.corrections");
    }

    @Name("totalCount")
    @Description("How many nodes the whole connection has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<ArticleRevisionConnection> connections) {
        throw SchemaOnly.readByTheEngine("ArticleRevisionConnection.totalCount");
    }
}
