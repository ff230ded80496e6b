package org.newsroom.article;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.newsroom.article.ArticleInputs.ArticlePayload;
import org.newsroom.article.ArticleInputs.ArticleTransitionInput;
import org.newsroom.article.ArticleInputs.CorrectArticleInput;
import org.newsroom.article.ArticleInputs.CreateArticleInput;
import org.newsroom.article.ArticleInputs.UpdateArticleInput;
import org.newsroom.article.ArticleInputs.WithdrawArticleInput;
import org.newsroom.auth.Caller;

/**
 * The GraphQL write API of articles: checks that the caller is an editor and hands the input to
 * {@link ArticleWrites}, which holds the transaction.
 */
@GraphQLApi
public class ArticleMutations {

    @Inject
    Caller caller;

    @Inject
    ArticleWrites writes;

    @Mutation("createArticle")
    @Description("Creates a draft. Needs the editor role.")
    public @NonNull ArticlePayload createArticle(@NonNull @Name("input") CreateArticleInput input) {
        return writes.createArticle(caller.requireEditor(), input);
    }

    @Mutation("updateArticle")
    @Description("Changes a draft or a published article (use correctArticle to correct a published one "
            + "with a public note). Needs the editor role.")
    public @NonNull ArticlePayload updateArticle(@NonNull @Name("input") UpdateArticleInput input) {
        return writes.updateArticle(caller.requireEditor(), input);
    }

    @Mutation("publishArticle")
    @Description("Publishes a draft (or republishes an unpublished article). Its slug is fixed from then on.")
    public @NonNull ArticlePayload publishArticle(@NonNull @Name("input") ArticleTransitionInput input) {
        return writes.publishArticle(caller.requireEditor(), input);
    }

    @Mutation("unpublishArticle")
    @Description("Takes a published article back to draft, e.g. to fix it before it is seen widely; "
            + "its slug stays as published. Use withdrawArticle to retract it publicly.")
    public @NonNull ArticlePayload unpublishArticle(@NonNull @Name("input") ArticleTransitionInput input) {
        return writes.unpublishArticle(caller.requireEditor(), input);
    }

    @Mutation("withdrawArticle")
    @Description("Retracts a published article publicly: it keeps resolving by ID with status WITHDRAWN and "
            + "the reason, without its text.")
    public @NonNull ArticlePayload withdrawArticle(@NonNull @Name("input") WithdrawArticleInput input) {
        return writes.withdrawArticle(caller.requireEditor(), input);
    }

    @Mutation("correctArticle")
    @Description("Corrects a published article: the changes and a public correction note form a new version, "
            + "listed in Article.corrections.")
    public @NonNull ArticlePayload correctArticle(@NonNull @Name("input") CorrectArticleInput input) {
        return writes.correctArticle(caller.requireEditor(), input);
    }
}
