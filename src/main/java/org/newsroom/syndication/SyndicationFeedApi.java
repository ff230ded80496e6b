package org.newsroom.syndication;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.article.Article;
import org.newsroom.graphql.SchemaOnly;

/** The change feed partners pull with their API key. */
@GraphQLApi
public class SyndicationFeedApi {

    @Query("syndicationFeed")
    @Description("Every change to content the calling partner may pull, in commit order. Save the last "
            + "cursor and pass it as 'after' next time: no entry is missed, repeated or reordered. "
            + "Partners only (API key). A cursor older than the retention window fails with FEED_CURSOR_EXPIRED.")
    public @NonNull FeedConnection syndicationFeed(String after, Integer first) {
        throw SchemaOnly.readByTheEngine("Query.syndicationFeed");
    }

    @Name("article")
    @Description("The article as it is now, for PUBLISHED, UPDATED and CORRECTED entries; null for tombstones "
            + "and once the article is no longer public.")
    public List<Article> article(@Source List<FeedEntry> entries) {
        throw SchemaOnly.readByTheEngine("SyndicationFeedEntry.article");
    }
}
