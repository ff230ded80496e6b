package org.newsroom.article;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import org.newsroom.graphql.KeysetQuery;
import org.newsroom.graphql.Page;
import org.newsroom.graphql.PageArgs;
import org.newsroom.graphql.Rows;
import org.newsroom.graphql.SortKey;

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

    static final String COLUMNS = "r.id, r.article_id, r.statement_id, r.kind, r.version, r.changed_by, r.changed_at, "
            + "array_to_string(r.changed_fields, ',') as changed_fields, r.previous::text as previous, r.public, "
            + "r.correction_note";

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

    /** Revisions of each article, oldest first; readers get only those made while it was public. */
    public Map<Long, Page<ArticleRevision>> revisions(Collection<Long> articleIds, PageArgs page, boolean editor) {
        return new KeysetQuery<>("articleRevisions", COLUMNS, "article_revision r",
                List.of(SortKey.of("r.id", SortKey.Type.LONG)), false, row -> map(row, editor))
                .where(editor ? "true" : "r.public")
                .pagesPerParent(em, "r.article_id", articleIds, page);
    }

    /** The corrections of each article, oldest first (public with the article). */
    public Map<Long, List<ArticleRevision>> corrections(Collection<Long> articleIds) {
        Map<Long, List<ArticleRevision>> byArticle = new java.util.HashMap<>();
        if (articleIds.isEmpty()) {
            return byArticle;
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("select " + COLUMNS + " from article_revision r where r.kind = 'CORRECTED' "
                + "and r.article_id in (:ids) order by r.id", Tuple.class).setParameter("ids", articleIds).getResultList();
        for (Tuple row : rows) {
            byArticle.computeIfAbsent(Rows.longValue(row, "article_id"), id -> new java.util.ArrayList<>())
                    .add(map(row, false));
        }
        return byArticle;
    }

    static ArticleRevision map(Tuple row, boolean editor) {
        String fields = Rows.text(row, "changed_fields");
        return new ArticleRevision(Rows.longValue(row, "id"), Rows.longValue(row, "article_id"),
                Rows.nullableLong(row, "statement_id"), Kind.valueOf(Rows.text(row, "kind")),
                Rows.longValue(row, "version"), editor ? Rows.text(row, "changed_by") : null,
                Rows.instant(row, "changed_at"),
                fields == null || fields.isEmpty() ? List.of() : List.of(fields.split(",")),
                editor ? Rows.text(row, "previous") : null, Rows.text(row, "correction_note"));
    }
}
