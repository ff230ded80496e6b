package org.newsroom.statement;

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
import org.newsroom.article.Article;
import org.newsroom.article.ArticleQueries;
import org.newsroom.auth.Caller;
import org.newsroom.country.Country;
import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.Entities;
import org.newsroom.graphql.Page;
import org.newsroom.graphql.PageArgs;
import org.newsroom.speaker.Speaker;
import org.newsroom.speaker.SpeakerQueries;
import org.newsroom.visibility.Visibility;

import io.smallrye.graphql.api.federation.Resolver;

@GraphQLApi
@Transactional
public class StatementApi {

    @Inject
    StatementQueries queries;

    @Inject
    ArticleQueries articles;

    @Inject
    SpeakerQueries speakers;

    @Inject
    CountryCatalog countries;

    @Inject
    StatementNodes nodes;

    @Inject
    Caller caller;

    @Resolver
    @Description("Apollo Federation: the statements a gateway asks for by ID (Query._entities), in order; "
            + "null where the viewer may not see one.")
    public List<Statement> statementEntities(@NonNull @Name("id") List<@NonNull String> ids) {
        return Entities.byGlobalIds(Statement.TYPE, ids, nodes::load);
    }

    @Query("statements")
    @Description("Statements in published articles, newest article first unless orderBy says otherwise.")
    public @NonNull StatementConnection statements(StatementFilter filter, StatementOrder orderBy,
            Integer first, String after, Integer last, String before) {
        return new StatementConnection(queries.statements(filter, orderBy, new PageArgs(first, after, last, before)));
    }

    @Name("statements")
    @Description("The article's statements in the order they appear in its text.")
    public List<@NonNull StatementConnection> statementsOfArticles(@Source List<Article> articleList,
            Integer first, String after, Integer last, String before) {
        Map<Long, Page<Statement>> pages = queries.inArticles(
                articleList.stream().map(Article::databaseId).toList(), new PageArgs(first, after, last, before),
                caller.isEditor());
        return articleList.stream().map(article -> new StatementConnection(pages.get(article.databaseId()))).toList();
    }

    @Name("statements")
    @Description("What the speaker said, newest article first.")
    public List<@NonNull StatementConnection> statementsOfSpeakers(@Source List<Speaker> speakerList,
            Integer first, String after, Integer last, String before) {
        Map<Long, Page<Statement>> pages = queries.ofSpeakers(
                speakerList.stream().map(Speaker::databaseId).toList(), new PageArgs(first, after, last, before));
        return speakerList.stream().map(speaker -> new StatementConnection(pages.get(speaker.databaseId()))).toList();
    }

    @Name("statements")
    @Description("Statements that concern this country, newest article first.")
    public List<@NonNull StatementConnection> statementsOfCountries(@Source List<Country> countryList,
            Integer first, String after, Integer last, String before) {
        Map<String, Page<Statement>> pages = queries.ofCountries(
                countryList.stream().map(Country::getCode).toList(), new PageArgs(first, after, last, before));
        return countryList.stream().map(country -> new StatementConnection(pages.get(country.getCode()))).toList();
    }

    @Name("article")
    public List<@NonNull Article> article(@Source List<Statement> statements) {
        Map<Long, Article> found = articles.byIds(statements.stream().map(Statement::articleId).distinct().toList(),
                caller.isEditor() ? Visibility.ALL : Visibility.PUBLISHED);
        return statements.stream().map(statement -> found.get(statement.articleId())).toList();
    }

    @Name("speaker")
    public List<@NonNull Speaker> speaker(@Source List<Statement> statements) {
        Map<Long, Speaker> found = speakers.byIds(statements.stream().map(Statement::speakerId).distinct().toList());
        return statements.stream().map(statement -> found.get(statement.speakerId())).toList();
    }

    @Name("countries")
    @Description("The countries the statement concerns, by alpha-2 code.")
    public List<@NonNull List<@NonNull Country>> countries(@Source List<Statement> statements) {
        Map<Long, List<String>> codes = queries.countryCodes(statements.stream().map(Statement::databaseId).toList());
        return statements.stream()
                .map(statement -> countries.byAlpha2(codes.getOrDefault(statement.databaseId(), List.of())))
                .toList();
    }

    @Name("totalCount")
    @Description("How many nodes the whole connection has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<StatementConnection> connections) {
        return connections.stream().map(StatementConnection::totalCount).toList();
    }
}
