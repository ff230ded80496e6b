package org.newsroom.statement;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.article.Article;
import org.newsroom.country.Country;
import org.newsroom.graphql.SchemaOnly;
import org.newsroom.speaker.Speaker;

import io.smallrye.graphql.api.federation.Resolver;

@GraphQLApi
public class StatementApi {

    @Resolver
    @Description("Apollo Federation: the statements a gateway asks for by ID (Query._entities), in order; "
            + "null where the viewer may not see one.")
    public List<Statement> statementEntities(@NonNull @Name("id") List<@NonNull String> ids) {
        throw SchemaOnly.readByTheEngine("Query._entities");
    }

    @Query("statements")
    @Description("Statements in published articles, newest article first unless orderBy says otherwise.")
    public @NonNull StatementConnection statements(StatementFilter filter, StatementOrder orderBy,
            Integer first, String after, Integer last, String before) {
        throw SchemaOnly.readByTheEngine("Query.statements");
    }

    @Name("statements")
    @Description("The article's statements in the order they appear in its text.")
    public List<@NonNull StatementConnection> statementsOfArticles(@Source List<Article> articleList,
            Integer first, String after, Integer last, String before) {
        throw SchemaOnly.readByTheEngine("Article.statements");
    }

    @Name("statements")
    @Description("What the speaker said, newest article first.")
    public List<@NonNull StatementConnection> statementsOfSpeakers(@Source List<Speaker> speakerList,
            Integer first, String after, Integer last, String before) {
        throw SchemaOnly.readByTheEngine("Speaker.statements");
    }

    @Name("statements")
    @Description("Statements that concern this country, newest article first.")
    public List<@NonNull StatementConnection> statementsOfCountries(@Source List<Country> countryList,
            Integer first, String after, Integer last, String before) {
        throw SchemaOnly.readByTheEngine("Country.statements");
    }

    @Name("article")
    public List<@NonNull Article> article(@Source List<Statement> statements) {
        throw SchemaOnly.readByTheEngine("Statement.article");
    }

    @Name("speaker")
    public List<@NonNull Speaker> speaker(@Source List<Statement> statements) {
        throw SchemaOnly.readByTheEngine("Statement.speaker");
    }

    @Name("countries")
    @Description("The countries the statement concerns, by alpha-2 code.")
    public List<@NonNull List<@NonNull Country>> countries(@Source List<Statement> statements) {
        throw SchemaOnly.readByTheEngine("Statement.countries");
    }

    @Name("totalCount")
    @Description("How many nodes the whole connection has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<StatementConnection> connections) {
        throw SchemaOnly.readByTheEngine("StatementConnection.totalCount");
    }
}
