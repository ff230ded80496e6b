package org.newsroom.statement;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.newsroom.article.Article;
import org.newsroom.article.ArticleHistory;
import org.newsroom.article.ArticleHistory.Entry;
import org.newsroom.article.ArticleHistory.Kind;
import org.newsroom.article.ArticleLocks;
import org.newsroom.article.ArticleLocks.LockedArticle;
import org.newsroom.article.ArticleStatus;
import org.newsroom.article.Paragraph;
import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ExpectedVersion;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.InputValidation;
import org.newsroom.graphql.InputValidation.Violations;
import org.newsroom.graphql.StorableText;
import org.newsroom.speaker.Speaker;
import org.newsroom.speaker.SpeakerQueries;
import org.newsroom.statement.StatementMutations.AddStatementInput;
import org.newsroom.statement.StatementMutations.RemoveStatementInput;
import org.newsroom.statement.StatementMutations.RemoveStatementPayload;
import org.newsroom.statement.StatementMutations.StatementPayload;
import org.newsroom.statement.StatementMutations.UpdateStatementInput;

/**
 * Adding, changing and removing the statements of an article. A statement's text must be exactly
 * the part of its paragraph between start and end (UTF-16 code units, as JavaScript counts). Each
 * write is one transaction, holds the article locked, records into the article's history and
 * announces what it did as a {@link StatementChanged}.
 */
@ApplicationScoped
@Transactional
public class StatementWrites {

    @Inject
    InputValidation validation;

    @Inject
    ArticleHistory history;

    @Inject
    StatementQueries queries;

    @Inject
    CountryCatalog countries;

    @Inject
    ArticleLocks articles;

    @Inject
    SpeakerQueries speakers;

    @Inject
    Event<StatementChanged> changes;

    @Inject
    EntityManager em;

    public StatementPayload addStatement(String editor, AddStatementInput input) {
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        Violations violations = new Violations();
        LockedArticle article = articleForUpdate(input.article, violations);
        Speaker speaker = speaker(input.speaker, "input.speaker", violations);
        List<String> codes = countries.alpha2Codes(input.countries, violations);
        if (article != null) {
            checkPosition(article.body(), input.paragraph, input.start, input.end, input.text, violations);
            if (speaker != null && violations.isEmpty()) {
                checkNotQuotedTwice(article.id(), null, input.paragraph, input.start, input.end, speaker.databaseId(),
                        violations);
            }
        }
        violations.throwIfAny();

        StatementEntity statement = new StatementEntity();
        statement.articleId = article.id();
        statement.paragraphPosition = input.paragraph;
        statement.startOffset = input.start;
        statement.endOffset = input.end;
        statement.text = input.text;
        statement.kind = input.kind;
        statement.speakerId = speaker.databaseId();
        statement.reportedVia = blankToNull(input.reportedVia);
        statement.persist();
        em.flush();
        replaceCountries(statement.id, codes);
        history.record(Entry.ofStatement(article.id(), statement.id, Kind.STATEMENT_ADDED, statement.version, editor)
                .visibleToReaders(article.isPublic()));
        changes.fire(new StatementChanged(statement.id, article.id(), StatementChanged.Change.ADDED, article.isPublic()));
        return payload(input.clientMutationId, statement.id);
    }

    public StatementPayload updateStatement(String editor, UpdateStatementInput input) {
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        StatementEntity statement = lockAtVersion(input.id, input.version);
        LockedArticle article = articles.lock(statement.articleId);
        Violations violations = new Violations();
        Speaker speaker = input.speaker == null ? null : speaker(input.speaker, "input.speaker", violations);
        List<String> codes = input.countries == null ? null : countries.alpha2Codes(input.countries, violations);
        int paragraph = input.paragraph != null ? input.paragraph : statement.paragraphPosition;
        int start = input.start != null ? input.start : statement.startOffset;
        int end = input.end != null ? input.end : statement.endOffset;
        String text = input.text != null ? input.text : statement.text;
        checkPosition(article.body(), paragraph, start, end, text, violations);
        if (violations.isEmpty()) {
            checkNotQuotedTwice(article.id(), statement.id, paragraph, start, end,
                    speaker != null ? speaker.databaseId() : statement.speakerId, violations);
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
        if (speaker != null && !statement.speakerId.equals(speaker.databaseId())) {
            statement.speakerId = speaker.databaseId();
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
        history.record(Entry.ofStatement(article.id(), statement.id, Kind.STATEMENT_UPDATED, version, editor)
                .changed(changed).previous(previous).visibleToReaders(article.isPublic()));
        changes.fire(new StatementChanged(statement.id, article.id(), StatementChanged.Change.UPDATED,
                article.isPublic()));
        return payload(input.clientMutationId, statement.id);
    }

    public RemoveStatementPayload removeStatement(String editor, RemoveStatementInput input) {
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        StatementEntity statement = lockAtVersion(input.id, input.version);
        LockedArticle article = articles.lock(statement.articleId);
        String previous = history.snapshotStatement(statement.id);
        long id = statement.id;
        em.createNativeQuery("delete from statement_country where statement_id = :id").setParameter("id", id)
                .executeUpdate();
        statement.delete();
        em.flush();
        history.record(Entry.ofStatement(article.id(), id, Kind.STATEMENT_REMOVED, statement.version + 1, editor)
                .previous(previous).visibleToReaders(article.isPublic()));
        changes.fire(new StatementChanged(id, article.id(), StatementChanged.Change.REMOVED, article.isPublic()));
        return new RemoveStatementPayload(input.clientMutationId, GlobalId.of(Statement.TYPE, id));
    }

    private StatementEntity lockAtVersion(String id, long version) {
        long key = GlobalId.numericKey(id, Statement.TYPE);
        StatementEntity statement = em.find(StatementEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (statement == null) {
            throw ApiException.badInput("There is no statement with ID '" + id + "'.");
        }
        ExpectedVersion.require("statement", statement.version, version);
        return statement;
    }

    private LockedArticle articleForUpdate(String id, Violations violations) {
        long key;
        try {
            key = GlobalId.numericKey(id, Article.TYPE);
        } catch (ApiException e) {
            violations.add("input.article", e.getMessage());
            return null;
        }
        LockedArticle article = articles.lock(key);
        if (article == null) {
            violations.add("input.article", "names no article");
        } else if (article.status() == ArticleStatus.WITHDRAWN) {
            violations.add("input.article", "is withdrawn: its statements can no longer change");
            return null;
        }
        return article;
    }

    private Speaker speaker(String id, String path, Violations violations) {
        try {
            long key = GlobalId.numericKey(id, Speaker.TYPE);
            Speaker speaker = speakers.byIds(List.of(key)).get(key);
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

    /** The payload of a written statement: its fields are read by the read engine once the write commits. */
    private StatementPayload payload(String clientMutationId, long statementId) {
        em.flush();
        return new StatementPayload(clientMutationId, Statement.ofKey(statementId));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
