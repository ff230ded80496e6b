package org.newsroom.article;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.GlobalId;

@Type("ArticleRevision")
@Description("One change to an article or to one of its statements. Readers see the changes made while the "
        + "article was public; editors see all, with who made them and what the row was before.")
public final class ArticleRevision {

    /** The GraphQL type of statements (statement.Statement.TYPE): statements build on articles, not the reverse. */
    static final String STATEMENT_TYPE = "Statement";

    private final long databaseId;
    private final long articleId;
    private final Long statementId;
    private final ArticleHistory.Kind kind;
    private final long version;
    private final String changedBy;
    private final Instant changedAt;
    private final List<String> changedFields;
    private final String previous;
    private final String correctionNote;

    ArticleRevision(long databaseId, long articleId, Long statementId, ArticleHistory.Kind kind, long version,
            String changedBy, Instant changedAt, List<String> changedFields, String previous, String correctionNote) {
        this.databaseId = databaseId;
        this.articleId = articleId;
        this.statementId = statementId;
        this.kind = kind;
        this.version = version;
        this.changedBy = changedBy;
        this.changedAt = changedAt;
        this.changedFields = changedFields;
        this.previous = previous;
        this.correctionNote = correctionNote;
    }

    @Id
    @NonNull
    public String getId() {
        return GlobalId.of("ArticleRevision", databaseId);
    }

    @NonNull
    public ArticleHistory.Kind getKind() {
        return kind;
    }

    @NonNull
    @Description("The version of the article (of the statement, for statement changes) this change produced.")
    public long getVersion() {
        return version;
    }

    @Id
    @Description("The statement changed, for statement changes.")
    public String getStatementId() {
        return statementId == null ? null : GlobalId.of(STATEMENT_TYPE, statementId);
    }

    @Description("Who made the change (the token's subject); editors only.")
    public String getChangedBy() {
        return changedBy;
    }

    @NonNull
    public Instant getChangedAt() {
        return changedAt;
    }

    @NonNull
    @Description("The fields the change touched, e.g. headline, body, status.")
    public List<@NonNull String> getChangedFields() {
        return changedFields;
    }

    @Description("The article (or statement) as it was before this change, as JSON; editors only, null for creations.")
    public String getPrevious() {
        return previous;
    }

    @Description("The public correction note, for CORRECTED.")
    public String getCorrectionNote() {
        return correctionNote;
    }

    @Ignore
    public long articleId() {
        return articleId;
    }
}
