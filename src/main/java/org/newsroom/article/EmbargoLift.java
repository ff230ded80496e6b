package org.newsroom.article;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.newsroom.db.SchemaNotMigrated;

import io.quarkus.scheduler.Scheduled;

/**
 * Announces published articles whose embargo has just passed, with no editor writing anything, as
 * {@link ArticleChanged} (EMBARGO_LIFTED): syndication writes a PUBLISHED feed entry for each partner
 * that may pull it, live sends the articlePublished event.
 *
 * <p>Every replica runs it; {@code for update skip locked} hands each article to one of them, and
 * a row in {@code article_embargo_lift} per article and embargo time makes it happen once (a new
 * embargo time is announced again). An article published after its embargo had passed was announced
 * by its publication; it is not a candidate, since its embargo lies before its first publication (publishing under embargo dates the first publication at the embargo time).
 */
@ApplicationScoped
public class EmbargoLift {

    private static final int BATCH = 100;
    /** Published, embargo passed (within the look-back), not yet announced for this embargo time. */
    private static final String DUE = "a.embargo_until <= now() and a.embargo_until > now() - cast(? as interval)"
            + " and a.status = 'PUBLISHED' and a.embargo_until >= a.first_published_at"
            + " and not exists (select 1 from article_embargo_lift l where l.article_id = a.id"
            + "   and l.embargo_until = a.embargo_until)";

    @ConfigProperty(name = "newsroom.syndication.embargo-lookback", defaultValue = "P7D")
    Duration lookback;

    @Inject
    EntityManager em;

    @Inject
    Event<ArticleChanged> changes;

    @Inject
    DataSource dataSource;

    @Scheduled(every = "${newsroom.syndication.embargo-check-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SchemaNotMigrated.class)
    void scheduledLift() {
        if (!anyDue()) {
            return;
        }
        while (liftDue() == BATCH) {
            // a backlog (e.g. after downtime): keep going in batches, each its own transaction
        }
    }

    /**
     * The frequent check, on a plain connection: cheap (the partial index on embargo_until), and
     * outside Hibernate, whose statement counts the batch-loading tests compare.
     */
    private boolean anyDue() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select exists (select 1 from article a"
                        + " where " + DUE + ")")) {
            statement.setString(1, lookback.toSeconds() + " seconds");
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look for embargoes due", e);
        }
    }

    /** Announces up to one batch of articles whose embargo passed; returns how many. */
    @Transactional
    public int liftDue() {
        List<Due> due = new ArrayList<>();
        // the transaction's own connection, so that the rows stay locked until the announcements commit
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select a.id, a.embargo_until"
                    + " from article a where " + DUE + " order by a.embargo_until, a.id limit " + BATCH
                    + " for update of a skip locked")) {
                statement.setString(1, lookback.toSeconds() + " seconds");
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        due.add(new Due(rows.getLong(1), rows.getObject(2, OffsetDateTime.class)));
                    }
                }
            }
        });
        for (Due each : due) {
            em.createNativeQuery("insert into article_embargo_lift (article_id, embargo_until)"
                    + " values (:id, :until) on conflict do nothing")
                    .setParameter("id", each.articleId()).setParameter("until", each.embargoUntil()).executeUpdate();
        }
        for (Due each : due) {
            changes.fire(new ArticleChanged(each.articleId(), ArticleChanged.Change.EMBARGO_LIFTED, false, true));
        }
        return due.size();
    }

    /** An article whose embargo passed, and the embargo time its announcement is for. */
    private record Due(long articleId, OffsetDateTime embargoUntil) {
    }
}
