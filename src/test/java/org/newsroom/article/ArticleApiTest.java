package org.newsroom.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.Pages;
import org.newsroom.testing.SeedArticle;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ArticleApiTest {

    private static final Map<String, Object> ENGLISH = Map.of("filter", Map.of("language", "en"));
    /** 63 test articles, of which three are drafts. */
    private static final int PUBLISHED_TEST_ARTICLES = 60;

    private final GraphQLClient client = GraphQLClient.anonymous();

    @Test
    void seedArticleBodyComesBackByteForByte() throws Exception {
        String body = client.execute("article/article-by-slug", Map.of("slug", SeedArticle.SLUG)).data("article.body");

        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertEquals(SeedArticle.BODY_BYTES, bytes.length);
        assertEquals(SeedArticle.BODY_SHA256,
                java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    @Test
    void seedArticleIsUrduRightToLeftWithItsEditorialMetadataMarked() {
        GraphQLResponse response = client.execute("article/article-by-slug", Map.of("slug", SeedArticle.SLUG));

        assertEquals("ur", response.data("article.language"));
        assertEquals("RTL", response.data("article.direction"));
        assertEquals("PUBLISHED", response.data("article.status"));
        assertEquals("Reuters", response.data("article.attributionSource"));
        assertEquals(List.of("HEADLINE", "FIRST_PUBLISHED_AT"), response.data("article.editorialAdditions"));
        assertEquals("2020-09-10T00:00:00Z", response.data("article.firstPublishedAt"));
        assertEquals(List.of("CN", "IR", "RU", "US"), response.data("article.countries.code"));
    }

    @Test
    void seedArticleHasSixteenParagraphsThatAreItsLines() {
        GraphQLResponse response = client.execute("article/article-by-slug", Map.of("slug", SeedArticle.SLUG));
        String body = response.data("article.body");
        List<String> texts = response.data("article.paragraphs.text");
        List<Integer> positions = response.data("article.paragraphs.position");

        assertEquals(16, texts.size());
        assertEquals(List.of(body.split("\n")), texts);
        assertEquals(1, positions.get(0));
        assertEquals(16, positions.get(15));
    }

    @Test
    void unknownSlugIsNullNotAnError() {
        GraphQLResponse response = client.execute("article/article-by-slug", Map.of("slug", "no-such-article"));

        assertNull(response.data("article"));
    }

    @Test
    void draftsAreInvisibleToReaders() {
        assertNull(client.execute("article/article-by-slug", Map.of("slug", "test-article-20")).data("article"));
        List<String> slugs = Pages.forward("article/articles-page", "articles", Map.of(), 100).stream().toList();
        assertEquals(PUBLISHED_TEST_ARTICLES + 1, slugs.size());
    }

    @Test
    void pagingForwardAndBackwardVisitsEveryArticleOnceInTheSameOrder() {
        List<String> forward = Pages.forward("article/articles-page", "articles", ENGLISH, 7);
        List<String> backward = Pages.backward("article/articles-page", "articles", ENGLISH, 7);

        assertEquals(PUBLISHED_TEST_ARTICLES, forward.size());
        assertEquals(PUBLISHED_TEST_ARTICLES, new HashSet<>(forward).size());
        assertEquals(forward, backward);
    }

    @Test
    void newestFirstWithTiesBrokenStably() {
        GraphQLResponse response = client.execute("article/articles-page",
                Map.of("filter", Map.of("language", "en"), "first", 100));
        List<String> published = response.data("articles.edges.node.firstPublishedAt");

        assertEquals(PUBLISHED_TEST_ARTICLES, (int) response.data("articles.totalCount"));
        for (int i = 1; i < published.size(); i++) {
            assertFalse(Instant.parse(published.get(i)).isAfter(Instant.parse(published.get(i - 1))),
                    "article " + i + " is newer than the one before it");
        }
        assertTrue(new HashSet<>(published).size() < published.size(), "the corpus must contain ties");
    }

    @Test
    void ordersByLastUpdateAscending() {
        GraphQLResponse response = client.execute("article/articles-page", Map.of(
                "filter", Map.of("language", "en"),
                "orderBy", Map.of("field", "LAST_UPDATED_AT", "direction", "ASC"), "first", 3));

        assertEquals(List.of("test-article-1", "test-article-2", "test-article-3"),
                response.data("articles.edges.node.slug"));
    }

    @Test
    void cursorOfOneOrderingIsRefusedByAnother() {
        String cursor = client.execute("article/articles-page", Map.of("first", 1)).data("articles.pageInfo.endCursor");

        GraphQLResponse response = client.execute("article/articles-page", Map.of("first", 1, "after", cursor,
                "orderBy", Map.of("field", "LAST_UPDATED_AT", "direction", "ASC")));

        assertEquals("BAD_USER_INPUT", response.errorCode());
    }

    @Test
    void filtersByLanguageCountrySpeakerAndPublicationDate() {
        assertEquals(1, (int) client.execute("article/articles-page", Map.of("filter", Map.of("language", "ur")))
                .data("articles.totalCount"));
        assertEquals(1, (int) client.execute("article/articles-page", Map.of("filter", Map.of("country", "irn")))
                .data("articles.totalCount"));
        // test articles n with n % 5 == 3 concern Pakistan: 3, 8, ..., 63, minus none of them drafts
        assertEquals(13, (int) client.execute("article/articles-page", Map.of("filter", Map.of("country", "PK")))
                .data("articles.totalCount"));

        GraphQLResponse dated = client.execute("article/articles-page", Map.of("filter", Map.of(
                "publishedFrom", "2021-01-02T00:00:00Z", "publishedBefore", "2021-01-03T00:00:00Z"), "first", 10));
        assertEquals(List.of("test-article-3", "test-article-2"), dated.data("articles.edges.node.slug"));
    }

    @Test
    void filtersBySpeaker() {
        String speakerId = client.execute("speaker/speakers-page", Map.of("filter", Map.of("namePrefix", "Krebs")))
                .data("speakers.edges[0].node.id");

        GraphQLResponse response = client.execute("article/articles-page", Map.of("filter", Map.of("speaker", speakerId)));

        assertEquals(List.of(SeedArticle.SLUG), response.data("articles.edges.node.slug"));
    }

    @Test
    void nonPublishedStatusIsForbiddenToReaders() {
        GraphQLResponse response = client.execute("article/articles-page", Map.of("filter", Map.of("status", "DRAFT")));

        assertEquals("FORBIDDEN", response.errorCode());
    }

    @Test
    void countryArticlesPageLikeRootArticles() {
        List<String> forward = Pages.forward("article/country-articles", "country.articles", Map.of("code", "US"), 9);
        List<String> backward = Pages.backward("article/country-articles", "country.articles", Map.of("code", "US"), 9);

        // the seed article, and the 28 even and 6 odd multiples of 5 among the published test articles
        assertEquals(forward, backward);
        assertEquals(new HashSet<>(forward).size(), forward.size());
        assertEquals(1 + 28 + 6, forward.size());
    }
}
