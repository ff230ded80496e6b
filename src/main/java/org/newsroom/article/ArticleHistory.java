package org.newsroom.article;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The history of articles and their statements: one row per change, with who, when, which fields
 * and the row as it was before. Writers take a snapshot before they change anything and
 * {@link #record} the change after, in the same transaction.
 */
@ApplicationScoped
public class ArticleHistory {

    public enum Kind {
        CREATED, UPDATED, PUBLISHED, UNPUBLISHED, WITHDRAWN, CORRECTED, STATEMENT_ADDED, STATEMENT_UPDATED,
        STATEMENT_REMOVED
    }

    @Inject
    EntityManager em;

    /** The article row as it is now, with its countries, as JSON. */
    public String snapshotArticle(long articleId) {
        return (String) em.createNativeQuery("select (to_jsonb(a) || jsonb_build_object('countries', coalesce("
                + "(select jsonb_agg(country_code order by country_code) from article_country where article_id = a.id), "
                + "'[]'::jsonb)))::text from article a where a.id = :id").setParameter("id", articleId).getSingleResult();
    }

    /** The statement row as it is now, with its countries, as JSON. */
    public String snapshotStatement(long statementId) {
        return (String) em.createNativeQuery("select (to_jsonb(s) || jsonb_build_object('countries', coalesce("
                + "(select jsonb_agg(country_code order by country_code) from statement_country where statement_id = s.id), "
                + "'[]'::jsonb)))::text from statement s where s.id = :id").setParameter("id", statementId)
                .getSingleResult();
    }

    /**
     * One change for the history: what happened to which article (or statement of it), the version
     * it made and who made it; then, where they apply, the fields changed, the row before (a
     * snapshot), whether readers saw the change and the public correction note.
     */
    public record Entry(long articleId, Long statementId, Kind kind, long version, String changedBy,
            Collection<String> changedFields, String previous, boolean visibleToReaders, String correctionNote) {

        public static Entry ofArticle(long articleId, Kind kind, long version, String changedBy) {
            return new Entry(articleId, null, kind, version, changedBy, List.of(), null, false, null);
        }

        public static Entry ofStatement(long articleId, long statementId, Kind kind, long version, String changedBy) {
            return new Entry(articleId, statementId, kind, version, changedBy, List.of(), null, false, null);
        }

        public Entry changed(Collection<String> fields) {
            return new Entry(articleId, statementId, kind, version, changedBy, fields, previous, visibleToReaders,
                    correctionNote);
        }

        /** The row as it was before, from {@link #snapshotArticle} or {@link #snapshotStatement}. */
        public Entry previous(String snapshot) {
            return new Entry(articleId, statementId, kind, version, changedBy, changedFields, snapshot, visibleToReaders,
                    correctionNote);
        }

        /** Whether readers see the change (it is then listed in the public history). */
        public Entry visibleToReaders(boolean visible) {
            return new Entry(articleId, statementId, kind, version, changedBy, changedFields, previous, visible,
                    correctionNote);
        }

        public Entry correctionNote(String note) {
            return new Entry(articleId, statementId, kind, version, changedBy, changedFields, previous,
                    visibleToReaders, note);
        }
    }

    public void record(Entry entry) {
        em.createNativeQuery("insert into article_revision (article_id, statement_id, kind, version, changed_by, "
                + "changed_at, changed_fields, previous, public, correction_note) values (:article, :statement, :kind, "
                + ":version, :by, :at, string_to_array(:fields, ','), cast(:previous as jsonb), :public, :note)")
                .setParameter("article", entry.articleId())
                .setParameter("statement", entry.statementId())
                .setParameter("kind", entry.kind().name())
                .setParameter("version", entry.version())
                .setParameter("by", entry.changedBy())
                .setParameter("at", OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
                .setParameter("fields", String.join(",", entry.changedFields()))
                .setParameter("previous", entry.previous())
                .setParameter("public", entry.visibleToReaders())
                .setParameter("note", entry.correctionNote())
                .executeUpdate();
    }

}
