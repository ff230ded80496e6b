package org.newsroom.article;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.auth.Caller;
import org.newsroom.country.Country;
import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.Entities;
import org.newsroom.graphql.Page;
import org.newsroom.graphql.PageArgs;
import org.newsroom.visibility.Visibility;

import io.smallrye.graphql.api.federation.Resolver;

@GraphQLApi
@Transactional
public class ArticleApi {

    @Inject
    ArticleQueries queries;

    @Inject
    CountryCatalog countries;

    @Inject
    ArticleNodes nodes;

    @Inject
    Caller caller;

    @Resolver
    @Description("Apollo Federation: the articles a gateway asks for by ID (Query._entities), in order; "
            + "null where the viewer may not see one, withdrawn and embargoed articles included.")
    public List<Article> articleEntities(@NonNull @Name("id") List<@NonNull String> ids) {
        return Entities.byGlobalIds(Article.TYPE, ids, nodes::loadReferenced);
    }

    @Query("article")
    @Description("A published article by its slug, or by a slug it had before; null when there is none. "
            + "Editors also get drafts and withdrawn articles.")
    public Article article(@NonNull @Name("slug") String slug) {
        return queries.bySlug(slug, caller.isEditor() ? Visibility.ALL : Visibility.PUBLISHED);
    }

    @Query("articles")
    @Description("Published articles, newest first unless orderBy says otherwise.")
    public @NonNull ArticleConnection articles(ArticleFilter filter, ArticleOrder orderBy,
            Integer first, String after, Integer last, String before) {
        return new ArticleConnection(
                queries.articles(filter, orderBy, new PageArgs(first, after, last, before), caller.isEditor()));
    }

    @Name("countries")
    @Description("The countries the article concerns, by alpha-2 code.")
    public List<@NonNull List<@NonNull Country>> countries(@Source List<Article> articles) {
        Map<Long, List<String>> codes = queries.countryCodes(articles.stream().map(Article::databaseId).toList());
        return articles.stream()
                .map(article -> countries.byAlpha2(codes.getOrDefault(article.databaseId(), List.of())))
                .toList();
    }

    @Name("articles")
    @Description("Published articles that concern this country, newest first.")
    public List<@NonNull ArticleConnection> articlesOfCountries(@Source List<Country> countryList,
            Integer first, String after, Integer last, String before) {
        Map<String, Page<Article>> pages = queries.articlesOfCountries(
                countryList.stream().map(Country::getCode).toList(), new PageArgs(first, after, last, before));
        return countryList.stream().map(country -> new ArticleConnection(pages.get(country.getCode()))).toList();
    }

    @Name("totalCount")
    @Description("How many nodes the whole connection has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<ArticleConnection> connections) {
        return connections.stream().map(ArticleConnection::totalCount).toList();
    }
}
