package org.newsroom.caching;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The Last-Modified of GraphQL GET responses: the time of the newest content change, the same for
 * every response (one statement of three index lookups, no table scan): the newest revision (every
 * write to an article or its statements, withdrawals included; drafts' too, which only makes
 * Last-Modified newer than it needs to be), the newest
 * published article (imports write no revision) and the newest embargo that has lifted (an
 * article appears then without a write). Speaker edits have no time stamp and do not move it:
 * the ETag covers them, and If-None-Match wins over If-Modified-Since.
 */
@ApplicationScoped
public class ContentClock {

    /**
     * The newest change and the server's time, as two columns: a read that selects them beside its
     * data gets them from the same snapshot.
     */
    public static final String COLUMNS = "greatest("
            + "(select max(changed_at) from article_revision), "
            + "(select max(last_updated_at) from article where status = 'PUBLISHED'), "
            + "(select max(embargo_until) from article where embargo_until is not null and embargo_until <= now())"
            + "), now()";

    /** The newest change and the server's time: for a caller that runs it on a connection of its own. */
    public static final String NEWEST_CHANGE = "select " + COLUMNS;

    @Inject
    DataSource dataSource;

    @Inject
    CachingConfig config;

    /**
     * The Last-Modified to send, in whole seconds; empty when nothing is known or the newest change
     * is too recent to be settled (a change in the same second, or one still committing, could
     * then carry the same time and a client would wrongly be told nothing changed).
     */
    public Optional<Instant> lastModified() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement newest = connection.prepareStatement(NEWEST_CHANGE);
                ResultSet row = newest.executeQuery()) {
            row.next();
            Timestamp changed = row.getTimestamp(1);
            return lastModified(changed == null ? null : changed.toInstant(), row.getTimestamp(2).toInstant());
        } catch (SQLException e) {
            return Optional.empty(); // no validator is better than a failed request
        }
    }

    /** {@link #lastModified()} from the two columns of {@link #NEWEST_CHANGE}. */
    public Optional<Instant> lastModified(Instant changed, Instant now) {
        if (changed == null) {
            return Optional.empty();
        }
        Instant settledBefore = now.minus(config.lastModifiedSettle()).truncatedTo(ChronoUnit.SECONDS);
        return changed.isBefore(settledBefore) ? Optional.of(changed.truncatedTo(ChronoUnit.SECONDS)) : Optional.empty();
    }
}
