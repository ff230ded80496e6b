package org.newsroom.syndication;

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
import org.newsroom.graphql.PageArgs;

/** The change feed partners pull with their API key. */
@GraphQLApi
@Transactional
public class SyndicationFeedApi {

    @Inject
    Caller caller;

    @Inject
    FeedQueries feed;

    @Inject
    ArticleQueries articles;

    @Query("syndicationFeed")
    @Description("Every change to content the calling partner may pull, in commit order. Save the last "
            + "cursor and pass it as 'after' next time: no entry is missed, repeated or reordered. "
            + "Partners only (API key). A cursor older than the retention window fails with FEED_CURSOR_EXPIRED.")
    public @NonNull FeedConnection syndicationFeed(String after, Integer first) {
        long partnerId = caller.requirePartner();
        return new FeedConnection(feed.after(partnerId, new PageArgs(first, after, null, null)));
    }

    @Name("article")
    @Description("The article as it is now, for PUBLISHED, UPDATED and CORRECTED entries; null for tombstones "
            + "and once the article is no longer public.")
    public List<Article> article(@Source List<FeedEntry> entries) {
        List<Long> ids = entries.stream().filter(entry -> !entry.getKind().tombstone()).map(FeedEntry::articleKey)
                .distinct().toList();
        Map<Long, Article> found = articles.byIds(ids);
        return entries.stream().map(entry -> entry.getKind().tombstone() ? null : found.get(entry.articleKey()))
                .toList();
    }
}
