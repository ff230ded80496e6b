package org.newsroom.article;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.country.Country;
import org.newsroom.graphql.SchemaOnly;

import io.smallrye.graphql.api.federation.Resolver;

@GraphQLApi
public class ArticleApi {

    @Resolver
    @Description("Apollo Federation: the articles a gateway asks for by ID (Query._entities), in order; "
            + "null where the viewer may not see one, withdrawn and embargoed articles included.")
    public List<Article> articleEntities(@NonNull @Name("id") List<@NonNull String> ids) {
        throw SchemaOnly.readByTheEngine("Query._entities");
    }

    @Query("article")
    @Description("A published article by its slug, or by a slug it had before; null when there is none. "
            + "Editors also get drafts and withdrawn articles.")
    public Article article(@NonNull @Name("slug") String slug) {
        throw SchemaOnly.readByTheEngine("Query.article");
    }

    @Query("articles")
    @Description("Published articles, newest first unless orderBy says otherwise.")
    public @NonNull ArticleConnection articles(ArticleFilter filter, ArticleOrder orderBy,
            Integer first, String after, Integer last, String before) {
        throw SchemaOnly.readByTheEngine("Query.articles");
    }

    @Name("countries")
    @Description("The countries the article concerns, by alpha-2 code.")
    public List<@NonNull List<@NonNull Country>> countries(@Source List<Article> articles) {
        throw SchemaOnly.readByTheEngine("Article.countries");
    }

    @Name("articles")
    @Description("Published articles that concern this country, newest first.")
    public List<@NonNull ArticleConnection> articlesOfCountries(@Source List<Country> countryList,
            Integer first, String after, Integer last, String before) {
        throw SchemaOnly.readByTheEngine("Country.articles");
    }

    @Name("totalCount")
    @Description("How many nodes the whole connection has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<ArticleConnection> connections) {
        throw SchemaOnly.readByTheEngine("ArticleConnection.totalCount");
    }
}
