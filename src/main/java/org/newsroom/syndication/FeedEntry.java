package org.newsroom.syndication;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.article.Article;
import org.newsroom.graphql.GlobalId;

@Type("SyndicationFeedEntry")
@Description("One change to content of the calling partner, in commit order.")
public final class FeedEntry {

    @Name("SyndicationFeedEntryKind")
    @Description("What happened to the article, as far as this partner is concerned.")
    public enum Kind {
        @Description("The article entered the partner's view: first published, republished, its embargo "
                + "passed, or the partner or the article's rights changed so that it may now be pulled.")
        PUBLISHED,
        @Description("The article or one of its statements changed.")
        UPDATED,
        @Description("The article was corrected, with a public correction note.")
        CORRECTED,
        @Description("Tombstone: the article was withdrawn publicly; reason says why. Remove it.")
        WITHDRAWN,
        @Description("Tombstone: the newsroom took the article back for now. Remove it.")
        UNPUBLISHED,
        @Description("Tombstone: the article no longer exists. Remove it.")
        DELETED,
        @Description("Tombstone: the article left the partner's view (entitlements, syndication rights, "
                + "countries changed). Remove it.")
        REVOKED;

        public boolean tombstone() {
            return this != PUBLISHED && this != UPDATED && this != CORRECTED;
        }
    }

    private final String cursor;
    private final Kind kind;
    private final long articleKey;
    private final long version;
    private final String reason;
    private final Instant occurredAt;
    private final String language;

    public FeedEntry(String cursor, Kind kind, long articleKey, long version, String reason, Instant occurredAt,
            String language) {
        this.cursor = cursor;
        this.kind = kind;
        this.articleKey = articleKey;
        this.version = version;
        this.reason = reason;
        this.occurredAt = occurredAt;
        this.language = language;
    }

    FeedEntry withCursor(String cursor) {
        return new FeedEntry(cursor, kind, articleKey, version, reason, occurredAt, language);
    }

    @Description("Pass it as 'after' to continue after this entry.")
    public @NonNull String getCursor() {
        return cursor;
    }

    public @NonNull Kind getKind() {
        return kind;
    }

    @Id
    @NonNull
    @Description("The article's global ID, also for tombstones.")
    public String getArticleId() {
        return GlobalId.of(Article.TYPE, articleKey);
    }

    @Description("The article's version this entry is about.")
    public long getVersion() {
        return version;
    }

    @Description("For tombstones, why the article is gone (a withdrawal's public reason); null otherwise.")
    public String getReason() {
        return reason;
    }

    @Description("When the change was recorded.")
    public @NonNull Instant getOccurredAt() {
        return occurredAt;
    }

    @Ignore
    public long articleKey() {
        return articleKey;
    }

    /** The article's language when the entry was read (null once it is gone), for Atom's xml:lang. */
    @Ignore
    public String language() {
        return language;
    }
}
