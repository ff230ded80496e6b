package org.newsroom.statement;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.Node;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

@Type("Statement")
@Key(fields = @FieldSet("id"))
@Description("Something a speaker said, as an article reports it, and where it sits in the article's text.")
public final class Statement implements Node {

    public static final String TYPE = "Statement";

    private final long databaseId;
    private final long articleId;
    private final long speakerId;
    private final int paragraph;
    private final int start;
    private final int end;
    private final String text;
    private final StatementKind kind;
    private final String reportedVia;
    private final long version;

    Statement(long databaseId, long articleId, long speakerId, int paragraph, int start, int end, String text,
            StatementKind kind, String reportedVia, long version) {
        this.databaseId = databaseId;
        this.articleId = articleId;
        this.speakerId = speakerId;
        this.paragraph = paragraph;
        this.start = start;
        this.end = end;
        this.text = text;
        this.kind = kind;
        this.reportedVia = reportedVia;
        this.version = version;
    }

    /**
     * The statement known by its key alone, no other field set: what a mutation's payload and a
     * subscription's event carry, whose fields the read engine reads as their reader sees them
     * (PayloadReads).
     */
    public static Statement ofKey(long databaseId) {
        return new Statement(databaseId, 0, 0, 0, 0, 0, null, null, null, 0);
    }

    @NonNull
    @Description("Increases with every change; updates must name the version they saw.")
    public long getVersion() {
        return version;
    }

    @Override
    @Id
    @NonNull
    public String getId() {
        return GlobalId.of(TYPE, databaseId);
    }

    @NonNull
    @Description("Position of the paragraph that holds the statement (1 for the first).")
    public int getParagraph() {
        return paragraph;
    }

    @NonNull
    @Description("Where the statement starts in its paragraph's text, in UTF-16 code units from 0.")
    public int getStart() {
        return start;
    }

    @NonNull
    @Description("Where the statement ends (exclusive): paragraph.text.slice(start, end) is the statement's text.")
    public int getEnd() {
        return end;
    }

    @NonNull
    @Description("The statement as it appears in the article.")
    public String getText() {
        return text;
    }

    public @NonNull StatementKind getKind() {
        return kind;
    }

    @Description("The agency the statement was reported through, e.g. Reuters; null when the article does not say.")
    public String getReportedVia() {
        return reportedVia;
    }

    @Ignore
    public long databaseId() {
        return databaseId;
    }

    @Ignore
    public long articleId() {
        return articleId;
    }

    @Ignore
    public long speakerId() {
        return speakerId;
    }
}
