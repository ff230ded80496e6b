package org.newsroom.article;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.auth.Caller;
import org.newsroom.graphql.Page;
import org.newsroom.graphql.PageArgs;

/** Article.revisions and Article.corrections, batched per level. */
@GraphQLApi
@Transactional
public class ArticleHistoryApi {

    @Inject
    ArticleHistory history;

    @Inject
    Caller caller;

    @Name("revisions")
    @Description("Changes to the article and its statements, oldest first. Readers see those made while it "
            + "was public; editors see all, with who made them and the previous version.")
    public List<@NonNull ArticleRevisionConnection> revisions(@Source List<Article> articles,
            Integer first, String after, Integer last, String before) {
        Map<Long, Page<ArticleRevision>> pages = history.revisions(articles.stream().map(Article::databaseId).toList(),
                new PageArgs(first, after, last, before), caller.isEditor());
        return articles.stream().map(article -> new ArticleRevisionConnection(pages.get(article.databaseId())))
                .toList();
    }

    @Name("corrections")
    @Description("The public corrections of the article, oldest first: each with its note and the version it made.")
    public List<@NonNull List<@NonNull ArticleRevision>> corrections(@Source List<Article> articles) {
        Map<Long, List<ArticleRevision>> found = history.corrections(articles.stream().map(Article::databaseId).toList());
        return articles.stream().map(article -> found.getOrDefault(article.databaseId(), List.of())).toList();
    }

    @Name("totalCount")
    @Description("How many nodes the whole connection has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<ArticleRevisionConnection> connections) {
        return connections.stream().map(ArticleRevisionConnection::totalCount).toList();
    }
}
