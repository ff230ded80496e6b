package org.newsroom.live;

import java.util.Locale;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.newsroom.article.Article;
import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.GlobalId;
import org.newsroom.language.Languages;
import org.newsroom.speaker.Speaker;
import org.newsroom.statement.Statement;

import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;

/**
 * Live updates over WebSocket (graphql-transport-ws and graphql-ws on /graphql). Events come from
 * every replica through PostgreSQL NOTIFY (see {@link LiveEvents}) and carry public content only.
 */
@GraphQLApi
public class LiveApi {

    @Inject
    LiveEvents events;

    @Inject
    CountryCatalog countries;

    @Input("ArticlePublishedFilter")
    @Description("Narrows articlePublished; all given conditions must hold.")
    public static class ArticlePublishedFilter {
        @Description("BCP-47 language; 'ur' also matches 'ur-PK'.")
        public String language;
        @Description("ISO 3166-1 alpha-2 or alpha-3 code of a country the article concerns.")
        public String country;
        @Id
        @Description("ID of a speaker quoted in the article.")
        public String speaker;
    }

    @Input("StatementAddedFilter")
    @Description("Narrows statementAdded; all given conditions must hold.")
    public static class StatementAddedFilter {
        @Id
        @Description("ID of the speaker.")
        public String speaker;
        @Description("ISO 3166-1 alpha-2 or alpha-3 code of a country the statement concerns.")
        public String country;
    }

    @Subscription("articlePublished")
    @Description("Articles as they are published (on any replica).")
    public Multi<@NonNull Article> articlePublished(@Name("filter") ArticlePublishedFilter filter) {
        String language = filter == null || filter.language == null ? null
                : Languages.parse(filter.language).toLanguageTag().toLowerCase(Locale.ROOT);
        String country = filter == null || filter.country == null ? null : countries.requireCode(filter.country);
        Long speaker = filter == null || filter.speaker == null ? null
                : GlobalId.numericKey(filter.speaker, Speaker.TYPE);
        return events.stream()
                .filter(event -> event.type() == LiveEvent.Type.ARTICLE_PUBLISHED)
                .filter(event -> language == null || matchesLanguage(event.language(), language))
                .filter(event -> country == null || event.countryCodes().contains(country))
                .filter(event -> speaker == null || event.speakerIds().contains(speaker))
                .map(LiveEvent::article);
    }

    @Subscription("articleUpdated")
    @Description("Every public change to one article: updates, corrections, withdrawal, publication.")
    public Multi<@NonNull Article> articleUpdated(@NonNull @Id @Name("id") String id) {
        long key = GlobalId.numericKey(id, Article.TYPE);
        return events.stream()
                .filter(event -> event.type() == LiveEvent.Type.ARTICLE_UPDATED && event.articleId() == key)
                .map(LiveEvent::article);
    }

    @Subscription("statementAdded")
    @Description("Statements as they are added to published articles.")
    public Multi<@NonNull Statement> statementAdded(@Name("filter") StatementAddedFilter filter) {
        String country = filter == null || filter.country == null ? null : countries.requireCode(filter.country);
        Long speaker = filter == null || filter.speaker == null ? null
                : GlobalId.numericKey(filter.speaker, Speaker.TYPE);
        return events.stream()
                .filter(event -> event.type() == LiveEvent.Type.STATEMENT_ADDED)
                .filter(event -> country == null || event.countryCodes().contains(country))
                .filter(event -> speaker == null || event.speakerIds().contains(speaker))
                .map(LiveEvent::statement);
    }

    private static boolean matchesLanguage(String articleLanguage, String wanted) {
        String language = articleLanguage.toLowerCase(Locale.ROOT);
        return language.equals(wanted) || language.startsWith(wanted + "-");
    }
}
