package org.newsroom.article;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.Node;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

@Type("Article")
@Key(fields = @FieldSet("id"))
@Description("A news article: its original text byte for byte, split into paragraphs, with editorial metadata.")
public final class Article implements Node {

    public static final String TYPE = "Article";

    private final long databaseId;
    private final String slug;
    private final String language;
    private final TextDirection direction;
    private final String headline;
    private final String body;
    private final ArticleStatus status;
    private final Instant firstPublishedAt;
    private final Instant lastUpdatedAt;
    private final String attributionSource;
    private final List<ArticleField> editorialAdditions;
    private final long version;
    private final String withdrawalReason;
    private final ArticleRights rights;
    private final Instant embargoUntil;

    Article(long databaseId, String slug, String language, TextDirection direction, String headline, String body,
            ArticleStatus status, Instant firstPublishedAt, Instant lastUpdatedAt, String attributionSource,
            List<ArticleField> editorialAdditions, long version, String withdrawalReason, ArticleRights rights,
            Instant embargoUntil) {
        this.databaseId = databaseId;
        this.slug = slug;
        this.language = language;
        this.direction = direction;
        this.headline = headline;
        this.body = body;
        this.status = status;
        this.firstPublishedAt = firstPublishedAt;
        this.lastUpdatedAt = lastUpdatedAt;
        this.attributionSource = attributionSource;
        this.editorialAdditions = editorialAdditions;
        this.version = version;
        this.withdrawalReason = withdrawalReason;
        this.rights = rights;
        this.embargoUntil = embargoUntil;
    }

    /**
     * The article known by its key alone, no other field set: what a mutation's payload and a
     * subscription's event carry, whose fields the read engine reads as their reader sees them
     * (PayloadReads).
     */
    public static Article ofKey(long databaseId) {
        return new Article(databaseId, null, null, null, null, null, null, null, null, null, List.of(), 0, null, null,
                null);
    }

    @Override
    @Id
    @NonNull
    public String getId() {
        return GlobalId.of(TYPE, databaseId);
    }

    @NonNull
    @Description("Unique, URL-safe and stable once published.")
    public String getSlug() {
        return slug;
    }

    @NonNull
    @Description("BCP-47 language tag of the text, e.g. ur.")
    public String getLanguage() {
        return language;
    }

    @NonNull
    @Description("Direction of the text, from its language's script: set it as the dir attribute.")
    public TextDirection getDirection() {
        return direction;
    }

    @NonNull
    public String getHeadline() {
        return headline;
    }

    @Description("The original text byte for byte: paragraphs separated by line breaks. "
            + "Null for readers once the article is WITHDRAWN.")
    public String getBody() {
        return body;
    }

    @NonNull
    @Description("The body's paragraphs (its non-blank lines), in order; empty when the body is not shown.")
    public List<@NonNull Paragraph> getParagraphs() {
        return body == null ? List.of() : paragraphs(body);
    }

    @Description("Why the article was withdrawn, for readers; null unless WITHDRAWN.")
    public String getWithdrawalReason() {
        return withdrawalReason;
    }

    public @NonNull ArticleStatus getStatus() {
        return status;
    }

    public Instant getFirstPublishedAt() {
        return firstPublishedAt;
    }

    public @NonNull Instant getLastUpdatedAt() {
        return lastUpdatedAt;
    }

    @Description("The agency the article's reporting comes from, e.g. Reuters.")
    public String getAttributionSource() {
        return attributionSource;
    }

    @NonNull
    @Description("Fields the original text lacked and the editors added, e.g. HEADLINE: show them as editorial.")
    public List<@NonNull ArticleField> getEditorialAdditions() {
        return editorialAdditions;
    }

    @NonNull
    @Description("Increases with every change; writes must name the version they saw.")
    public long getVersion() {
        return version;
    }

    @NonNull
    @Description("Syndication rights, usage terms and copyright.")
    public ArticleRights getRights() {
        return rights;
    }

    @Description("Until this time the article is invisible to readers, partners and search, even when PUBLISHED; "
            + "it appears at that time by itself. Null when there is no embargo.")
    public Instant getEmbargoUntil() {
        return embargoUntil;
    }

    /** Whether the embargo still holds at this instant. */
    @Ignore
    public boolean embargoedAt(Instant now) {
        return embargoUntil != null && embargoUntil.isAfter(now);
    }

    @Ignore
    public Instant firstPublishedAt() {
        return firstPublishedAt;
    }

    @Ignore
    public Instant lastUpdatedAt() {
        return lastUpdatedAt;
    }

    @Ignore
    public ArticleStatus status() {
        return status;
    }

    @Ignore
    public String bodyText() {
        return body;
    }

    @Ignore
    public long databaseId() {
        return databaseId;
    }

    /** Paragraphs are the non-blank lines of a body; a line's carriage return is not part of it. */
    public static List<Paragraph> paragraphs(String body) {
        List<Paragraph> paragraphs = new ArrayList<>();
        int position = 0;
        for (String line : body.split("\n", -1)) {
            String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (!text.isBlank()) {
                paragraphs.add(new Paragraph(++position, text));
            }
        }
        return paragraphs;
    }
}
