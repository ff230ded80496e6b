package org.newsroom.statement;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.article.Article;
import org.newsroom.article.ArticleEntity;
import org.newsroom.article.ArticleHistory;
import org.newsroom.article.ArticleHistory.Kind;
import org.newsroom.article.ArticleMutations;
import org.newsroom.article.ArticleStatus;
import org.newsroom.article.Paragraph;
import org.newsroom.auth.Caller;
import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.InputValidation;
import org.newsroom.graphql.InputValidation.Violations;
import org.newsroom.graphql.StorableText;
import org.newsroom.live.LiveEvent;
import org.newsroom.live.LiveEvents;
import org.newsroom.syndication.ChangeFeed;
import org.newsroom.speaker.Speaker;
import org.newsroom.speaker.SpeakerEntity;

/**
 * Adding, changing and removing the statements of an article. A statement's text must be exactly
 * the part of its paragraph between start and end (UTF-16 code units, as JavaScript counts).
 */
@GraphQLApi
@Transactional
public class StatementMutations {

    @Inject
    Caller caller;

    @Inject
    InputValidation validation;

    @Inject
    ArticleHistory history;

    @Inject
    StatementQueries queries;

    @Inject
    CountryCatalog countries;

    @Inject
    LiveEvents events;

    @Inject
    ChangeFeed changeFeed;

    @Inject
    EntityManager em;

    @Input("AddStatementInput")
    public static class AddStatementInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String article;
        @NotNull
        @Min(1)
        @Description("Position of the paragraph (1 for the first).")
        public Integer paragraph;
        @NotNull
        @PositiveOrZero
        @Description("Start in the paragraph's text, in UTF-16 code units from 0.")
        public Integer start;
        @NotNull
        @Min(1)
        @Description("End (exclusive): paragraph.text.slice(start, end) must equal text.")
        public Integer end;
        @NotBlank
        @Size(max = 20_000)
        public String text;
        @NotNull
        public StatementKind kind;
        @NotNull
        @Id
        public String speaker;
        @Size(max = 200)
        @Description("The agency the statement was reported through, e.g. Reuters.")
        public String reportedVia;
        @Size(max = 50)
        public List<@NotBlank String> countries;
    }

    @Input("UpdateStatementInput")
    @Description("Changes to a statement; fields left out stay as they are. A new position needs paragraph, "
            + "start, end and text that fit together.")
    public static class UpdateStatementInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String id;
        @NotNull
        @PositiveOrZero
        public Long version;
        @Min(1)
        public Integer paragraph;
        @PositiveOrZero
        public Integer start;
        @Min(1)
        public Integer end;
        @Size(min = 1, max = 20_000)
        public String text;
        public StatementKind kind;
        @Id
        public String speaker;
        @Size(max = 200)
        public String reportedVia;
        @Size(max = 50)
        public List<@NotBlank String> countries;
    }

    @Input("RemoveStatementInput")
    public static class RemoveStatementInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String id;
        @NotNull
        @PositiveOrZero
        public Long version;
    }

    @Type("StatementPayload")
    public record StatementPayload(String clientMutationId, @NonNull Statement statement) {
    }

    @Type("RemoveStatementPayload")
    public record RemoveStatementPayload(String clientMutationId, @Id @NonNull String removedStatementId) {
    }

    @Mutation("addStatement")
    @Description("Adds a statement to an article. Needs the editor role.")
    public @NonNull StatementPayload addStatement(@NonNull @Name("input") AddStatementInput input) {
        String editor = caller.requireEditor();
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        Violations violations = new Violations();
        ArticleEntity article = articleForUpdate(input.article, violations);
        SpeakerEntity speaker = speaker(input.speaker, "input.speaker", violations);
        List<String> codes = countries.alpha2Codes(input.countries, violations);
        if (article != null) {
            checkPosition(article.body, input.paragraph, input.start, input.end, input.text, violations);
            if (speaker != null && violations.isEmpty()) {
                checkNotQuotedTwice(article.id, null, input.paragraph, input.start, input.end, speaker.id, violations);
            }
        }
        violations.throwIfAny();

        StatementEntity statement = new StatementEntity();
        statement.articleId = article.id;
        statement.paragraphPosition = input.paragraph;
        statement.startOffset = input.start;
        statement.endOffset = input.end;
        statement.text = input.text;
        statement.kind = input.kind;
        statement.speakerId = speaker.id;
        statement.reportedVia = blankToNull(input.reportedVia);
        statement.persist();
        em.flush();
        replaceCountries(statement.id, codes);
        boolean visible = ArticleMutations.isPublic(article, java.time.Instant.now());
        history.record(article.id, statement.id, Kind.STATEMENT_ADDED, statement.version, editor, List.of(), null,
                visible, null);
        changeFeed.record(article.id, ChangeFeed.Change.UPDATED);
        if (visible) {
            events.announce(LiveEvent.Type.STATEMENT_ADDED, statement.id);
            events.announce(LiveEvent.Type.ARTICLE_UPDATED, article.id);
        }
        return payload(input.clientMutationId, statement.id);
    }

    @Mutation("updateStatement")
    @Description("Changes a statement, at the version last seen. Needs the editor role.")
    public @NonNull StatementPayload updateStatement(@NonNull @Name("input") UpdateStatementInput input) {
        String editor = caller.requireEditor();
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        StatementEntity statement = lockAtVersion(input.id, input.version);
        ArticleEntity article = em.find(ArticleEntity.class, statement.articleId, LockModeType.PESSIMISTIC_WRITE);
        Violations violations = new Violations();
        SpeakerEntity speaker = input.speaker == null ? null : speaker(input.speaker, "input.speaker", violations);
        List<String> codes = input.countries == null ? null : countries.alpha2Codes(input.countries, violations);
        int paragraph = input.paragraph != null ? input.paragraph : statement.paragraphPosition;
        int start = input.start != null ? input.start : statement.startOffset;
        int end = input.end != null ? input.end : statement.endOffset;
        String text = input.text != null ? input.text : statement.text;
        checkPosition(article.body, paragraph, start, end, text, violations);
        if (violations.isEmpty()) {
            checkNotQuotedTwice(article.id, statement.id, paragraph, start, end,
                    speaker != null ? speaker.id : statement.speakerId, violations);
        }
        violations.throwIfAny();

        String previous = history.snapshotStatement(statement.id);
        Set<String> changed = new LinkedHashSet<>();
        if (paragraph != statement.paragraphPosition || start != statement.startOffset || end != statement.endOffset) {
            statement.paragraphPosition = paragraph;
            statement.startOffset = start;
            statement.endOffset = end;
            changed.add("position");
        }
        if (!text.equals(statement.text)) {
            statement.text = text;
            changed.add("text");
        }
        if (input.kind != null && input.kind != statement.kind) {
            statement.kind = input.kind;
            changed.add("kind");
        }
        if (speaker != null && !speaker.id.equals(statement.speakerId)) {
            statement.speakerId = speaker.id;
            changed.add("speaker");
        }
        if (input.reportedVia != null && !Objects.equals(blankToNull(input.reportedVia), statement.reportedVia)) {
            statement.reportedVia = blankToNull(input.reportedVia);
            changed.add("reportedVia");
        }
        if (codes != null && !codes.equals(queries.countryCodes(List.of(statement.id)).getOrDefault(statement.id,
                List.of()))) {
            replaceCountries(statement.id, codes);
            changed.add("countries");
        }
        if (changed.isEmpty()) {
            return payload(input.clientMutationId, statement.id);
        }
        em.flush();
        long version = statement.version;
        if (changed.equals(Set.of("countries"))) {
            // only its country links changed: the statement still gets a new version
            em.createNativeQuery("update statement set version = version + 1 where id = :id")
                    .setParameter("id", statement.id).executeUpdate();
            version++;
        }
        boolean visible = ArticleMutations.isPublic(article, java.time.Instant.now());
        history.record(article.id, statement.id, Kind.STATEMENT_UPDATED, version, editor, changed, previous,
                visible, null);
        changeFeed.record(article.id, ChangeFeed.Change.UPDATED);
        if (visible) {
            events.announce(LiveEvent.Type.ARTICLE_UPDATED, article.id);
        }
        return payload(input.clientMutationId, statement.id);
    }

    @Mutation("removeStatement")
    @Description("Removes a statement, at the version last seen; its history stays with the article.")
    public @NonNull RemoveStatementPayload removeStatement(@NonNull @Name("input") RemoveStatementInput input) {
        String editor = caller.requireEditor();
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        StatementEntity statement = lockAtVersion(input.id, input.version);
        ArticleEntity article = em.find(ArticleEntity.class, statement.articleId, LockModeType.PESSIMISTIC_WRITE);
        String previous = history.snapshotStatement(statement.id);
        long id = statement.id;
        em.createNativeQuery("delete from statement_country where statement_id = :id").setParameter("id", id)
                .executeUpdate();
        statement.delete();
        em.flush();
        boolean visible = ArticleMutations.isPublic(article, java.time.Instant.now());
        history.record(article.id, id, Kind.STATEMENT_REMOVED, statement.version + 1, editor, List.of(), previous,
                visible, null);
        changeFeed.record(article.id, ChangeFeed.Change.UPDATED);
        if (visible) {
            events.announce(LiveEvent.Type.ARTICLE_UPDATED, article.id);
        }
        return new RemoveStatementPayload(input.clientMutationId, GlobalId.of(Statement.TYPE, id));
    }

    private StatementEntity lockAtVersion(String id, long version) {
        long key = GlobalId.numericKey(id, Statement.TYPE);
        StatementEntity statement = em.find(StatementEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (statement == null) {
            throw ApiException.badInput("There is no statement with ID '" + id + "'.");
        }
        ArticleMutations.requireVersion("statement", statement.version, version);
        return statement;
    }

    private ArticleEntity articleForUpdate(String id, Violations violations) {
        long key;
        try {
            key = GlobalId.numericKey(id, Article.TYPE);
        } catch (ApiException e) {
            violations.add("input.article", e.getMessage());
            return null;
        }
        ArticleEntity article = em.find(ArticleEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (article == null) {
            violations.add("input.article", "names no article");
        } else if (article.status == ArticleStatus.WITHDRAWN) {
            violations.add("input.article", "is withdrawn: its statements can no longer change");
            return null;
        }
        return article;
    }

    private SpeakerEntity speaker(String id, String path, Violations violations) {
        try {
            SpeakerEntity speaker = SpeakerEntity.findById(GlobalId.numericKey(id, Speaker.TYPE));
            if (speaker == null) {
                violations.add(path, "names no speaker (a merged speaker's ID: use the survivor's)");
            }
            return speaker;
        } catch (ApiException e) {
            violations.add(path, e.getMessage());
            return null;
        }
    }

    /** The statement's text must be exactly its paragraph's text between start and end. */
    static void checkPosition(String body, Integer paragraph, Integer start, Integer end, String text,
            Violations violations) {
        if (paragraph == null || start == null || end == null || text == null) {
            return;
        }
        List<Paragraph> paragraphs = Article.paragraphs(body);
        if (paragraph > paragraphs.size()) {
            violations.add("input.paragraph", "must be at most " + paragraphs.size()
                    + ", the number of paragraphs of the article");
            return;
        }
        String paragraphText = paragraphs.get(paragraph - 1).text();
        if (end <= start) {
            violations.add("input.end", "must be greater than start");
            return;
        }
        if (end > paragraphText.length()) {
            violations.add("input.end", "must be at most " + paragraphText.length()
                    + ", the length of paragraph " + paragraph + " in UTF-16 code units");
            return;
        }
        if (StorableText.splitsSurrogatePair(paragraphText, start) || StorableText.splitsSurrogatePair(paragraphText, end)) {
            violations.add(StorableText.splitsSurrogatePair(paragraphText, start) ? "input.start" : "input.end",
                    "must not fall between the two UTF-16 code units of one character (a surrogate pair)");
            return;
        }
        if (!paragraphText.substring(start, end).equals(text)) {
            violations.add("input.text", "must equal the paragraph's text between start and end, which is '"
                    + paragraphText.substring(start, end) + "'");
        }
    }

    /** One speaker, one place: the same statement is never recorded twice. */
    private void checkNotQuotedTwice(long articleId, Long self, int paragraph, int start, int end, long speakerId,
            Violations violations) {
        Number count = (Number) em.createNativeQuery("select count(*) from statement where article_id = :article "
                + "and paragraph_position = :paragraph and start_offset = :start and end_offset = :end "
                + "and speaker_id = :speaker and id <> :self")
                .setParameter("article", articleId).setParameter("paragraph", paragraph).setParameter("start", start)
                .setParameter("end", end).setParameter("speaker", speakerId).setParameter("self", self == null ? -1L : self)
                .getSingleResult();
        if (count.longValue() > 0) {
            violations.add("input.start", "the speaker already has a statement at this place in the article");
        }
    }

    private void replaceCountries(long statementId, List<String> codes) {
        em.createNativeQuery("delete from statement_country where statement_id = :id").setParameter("id", statementId)
                .executeUpdate();
        for (String code : codes) {
            em.createNativeQuery("insert into statement_country (statement_id, country_code) values (:id, :code)")
                    .setParameter("id", statementId).setParameter("code", code).executeUpdate();
        }
    }

    private StatementPayload payload(String clientMutationId, long statementId) {
        em.flush();
        return new StatementPayload(clientMutationId, queries.byIds(List.of(statementId), true).get(statementId));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
