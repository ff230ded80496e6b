package org.newsroom.search;

import org.newsroom.fulltext.SearchSql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The postings (V22) that let a search read the newest rows holding a word without building a GIN
 * bitmap of all of them: kept in step with every write, and finding exactly the rows GIN finds.
 * Each test writes in a transaction it rolls back, so no other test sees its rows.
 */
@QuarkusTest
class SearchPostingsTest {

    private static final int SPEAKER = 3;
    private static final int CANDIDATES = SearchSql.CANDIDATES;

    @Inject
    DataSource dataSource;

    @Test
    void everyWordOfEveryStoredVectorHasItsPostingAndNoOtherPostingExists() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            long mismatches = single(connection, """
                    select count(*) from (
                        (select 1 as kind, w.word, a.id from article a cross join lateral unnest(tsvector_to_array(a.search_vector)) w(word)
                         union all select 2, w.word, s.id from statement s cross join lateral unnest(tsvector_to_array(s.search_vector)) w(word)
                         union all select 3, w.word, sp.id from speaker sp cross join lateral unnest(tsvector_to_array(sp.search_vector)) w(word))
                        except select kind, word, id from search_posting
                        union all
                        select kind, word, id from search_posting
                        except (select 1, w.word, a.id from article a cross join lateral unnest(tsvector_to_array(a.search_vector)) w(word)
                         union all select 2, w.word, s.id from statement s cross join lateral unnest(tsvector_to_array(s.search_vector)) w(word)
                         union all select 3, w.word, sp.id from speaker sp cross join lateral unnest(tsvector_to_array(sp.search_vector)) w(word))
                    ) difference""");
            assertEquals(0, mismatches);
            assertTrue(single(connection, "select count(*) from search_posting where kind = 1") > 0, "the seed article's words");
        }
    }

    @Test
    void postingsFollowInsertsUpdatesAndDeletes() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long id = single(connection, "insert into speaker (kind, name, name_language, latin_name) "
                        + "values ('PERSON', 'قزوینی zqxalpha', 'ur', 'Zqxbeta Qazvini') returning id");
                assertEquals(List.of("qazvini", "zqxalpha", "zqxbeta", "قزوینی"), words(connection, id));

                execute(connection, "update speaker set latin_name = 'Zqxgamma Qazvini' where id = " + id);
                assertEquals(List.of("qazvini", "zqxalpha", "zqxgamma", "قزوینی"), words(connection, id));

                execute(connection, "update speaker set role = 'minister' where id = " + id);
                assertEquals(List.of("qazvini", "zqxalpha", "zqxgamma", "قزوینی"), words(connection, id),
                        "an edit that leaves the name alone leaves the postings alone");

                execute(connection, "delete from speaker where id = " + id);
                assertEquals(List.of(), words(connection, id));
            } finally {
                connection.rollback();
            }
        }
    }

    /** Each word's postings per kind as counted (V32: its row and its pending changes), against the postings themselves. */
    private static final String COUNT_MISMATCHES = """
            with counted as (
                select kind, word, sum(postings)::int as postings
                from (select kind, word, postings from search_word_postings
                      union all select kind, word, change from search_word_postings_change) c
                group by kind, word having sum(postings) > 0)
            select count(*) from (
                select kind, word, count(*)::int as postings from search_posting group by kind, word
                except select kind, word, postings from counted
                union all
                select kind, word, postings from counted
                except select kind, word, count(*)::int from search_posting group by kind, word
            ) difference""";

    @Test
    void everyWordsPostingsAreCountedPerKindThroughInsertsUpdatesAndDeletes() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                assertEquals(0, single(connection, COUNT_MISMATCHES), "as migrated");
                execute(connection, """
                        insert into speaker (kind, name, name_language, latin_name)
                        select 'PERSON', 'zqxcounted zqxhalf' || (i % 2), 'en', 'Counted ' || i from generate_series(1, 30) i""");
                assertEquals(30, single(connection, "select search_term_postings(cast(3 as smallint), 'zqxcounted', false, 1000)"));
                assertEquals(15, single(connection, "select search_term_postings(cast(3 as smallint), 'zqxhalf1', false, 1000)"));

                execute(connection, "update speaker set name = 'zqxcounted zqxhalf0' where name = 'zqxcounted zqxhalf1'");
                assertEquals(0, single(connection, "select search_term_postings(cast(3 as smallint), 'zqxhalf1', false, 1000)"));
                assertEquals(30, single(connection, "select search_term_postings(cast(3 as smallint), 'zqxhalf0', false, 1000)"));

                execute(connection, "delete from speaker where name like 'zqxcounted%' and latin_name like 'Counted 1%'");
                assertEquals(0, single(connection, COUNT_MISMATCHES), "after inserts, updates and deletes");
                assertEquals(single(connection, "select count(*) from speaker where name like 'zqxcounted%'"),
                        single(connection, "select search_term_postings(cast(3 as smallint), 'zqxcounted', false, 1000)"));
                assertEquals(7, single(connection, "select search_term_postings(cast(3 as smallint), 'zqxhalf', true, 7)"),
                        "a prefix counted up to a limit");
                assertEquals(0, single(connection, "select search_term_postings(cast(3 as smallint), 'zqxhalf', false, 7)"),
                        "the prefix as a word of its own");
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void twoWritersOfTextsSharingAWordDoNotWaitForEachOther() throws SQLException {
        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            try {
                // a word already known (a word new to the vocabulary does make a second writer wait, on search_word's key)
                String shared = text(first, "select word from search_word where word ~ '^[a-z]+$' order by word limit 1");
                long before = single(first, "select search_term_postings(cast(3 as smallint), '" + shared + "', false, 1000000)");
                execute(first, "insert into speaker (kind, name, name_language, latin_name) values ('PERSON', 'zqxfirst " + shared + "', 'en', 'Zqxfirst')");
                // the first writer has not committed: the second goes on at once, where a count row updated by each would make it wait
                execute(second, "set local lock_timeout = '2s'");
                execute(second, "insert into speaker (kind, name, name_language, latin_name) values ('PERSON', 'zqxsecond " + shared + "', 'en', 'Zqxsecond')");
                assertEquals(before + 1, single(second, "select search_term_postings(cast(3 as smallint), '" + shared + "', false, 1000000)"),
                        "each sees its own write and not the other's, uncommitted");
                assertEquals(before + 1, single(first, "select search_term_postings(cast(3 as smallint), '" + shared + "', false, 1000000)"));
                assertEquals(0, single(second, COUNT_MISMATCHES));
            } finally {
                second.rollback();
                first.rollback();
            }
        }
    }

    @Test
    void postingsFindTheSameNewestRowsAsGinForEveryKindOfQuery() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // Writing 11,000 rows is fixture work, not a request: the pool's request timeout would fail it on a busy machine.
                execute(connection, "set local statement_timeout = 0");
                // 11,000 speakers (over the 5,000 postings that make a word frequent): every one "zqxcommon", alternately "zqxpairzero" or "zqxpairone" (never
                // both), every 1,000th "zqxrare", one of 70 words sharing the prefix "zqxw", and every 50th three of 80 words sharing "zqxv".
                execute(connection, """
                        insert into speaker (kind, name, name_language, latin_name)
                        select 'PERSON',
                               'zqxcommon ' || case when i % 2 = 0 then 'zqxpairzero' else 'zqxpairone' end
                                   || case when i % 1000 = 0 then ' zqxrare' else '' end
                                   || ' zqxw' || lpad((i % 70)::text, 2, '0')
                                   || case when i % 50 = 0 then ' zqxv' || lpad((i / 50 % 80)::text, 2, '0')
                                       || ' zqxv' || lpad(((i / 50 + 1) % 80)::text, 2, '0')
                                       || ' zqxv' || lpad(((i / 50 + 2) % 80)::text, 2, '0') else '' end,
                               'en', 'Speaker ' || i
                        from generate_series(1, 11000) i""");

                for (String query : List.of(
                        "zqxcommon", // one frequent word: its postings, newest first
                        "zqxcomm", // a prefix of one word
                        "zqxpair", // a prefix of two frequent words
                        "zqxw", // a prefix of 70 words: too many to expand, the newest rows are tested
                        "zqxw1", // a prefix of 10 of them
                        "zqxv", // a prefix of 80 words, three in each of 220 rows: read from its postings
                        "zqxcommon zqxpairone", // two frequent words found together: the walk
                        "zqxpairzero zqxpairone", // two frequent words never together: the walk gives up, GIN
                        "zqxcommon zqxrare", // a frequent and a rare word: GIN
                        "zqxrare zqxpairz", // a rare word and a prefix
                        "zqxnowhere", // a word no row holds
                        "zqxcommon zqxnowhere")) {
                    List<Long> postings = ids(connection, "search_newest", query);
                    List<Long> gin = ids(connection, "search_newest_in_ranges", query);
                    assertEquals(gin, postings, "the newest matches of '" + query + "'");
                }
                for (String alternatives : List.of(
                        "'zqxrare'", // one word, as the similarity fallback writes it
                        "'zqxcommon' | 'zqxrare'", // a frequent and a rare word: the newest of either
                        "'zqxpairzero' | 'zqxpairone'", // two frequent words, never in the same row
                        "'zqxrare' | 'zqxnowhere'", // a word no row holds among them
                        "'zqxw01' | 'zqxw02' | 'zqxw01'")) { // a word twice
                    List<Long> postings = idsOf(connection, "search_newest", alternatives);
                    List<Long> gin = idsOf(connection, "search_newest_in_ranges", alternatives);
                    assertEquals(gin, postings, "the newest matches of " + alternatives);
                    assertFalse(postings.isEmpty(), alternatives);
                }
                assertEquals(CANDIDATES, ids(connection, "search_newest", "zqxcommon").size());
                assertEquals(CANDIDATES, ids(connection, "search_newest", "zqxcommon zqxpairone").size());
                assertEquals(11, ids(connection, "search_newest", "zqxcommon zqxrare").size());
                assertTrue(ids(connection, "search_newest", "zqxpairzero zqxpairone").isEmpty());
                List<Long> newest = ids(connection, "search_newest", "zqxcommon");
                assertEquals(single(connection, "select max(id) from speaker"), newest.get(0), "newest first");
                assertFalse(newest.get(0) < newest.get(1));
            } finally {
                connection.rollback();
            }
        }
    }

    private static List<Long> ids(Connection connection, String function, String query) throws SQLException {
        return ids(connection, function, "search_query(?)", query);
    }

    /** For a query written as a tsquery, as the similarity fallback builds them. */
    private static List<Long> idsOf(Connection connection, String function, String tsquery) throws SQLException {
        return ids(connection, function, "cast(? as tsquery)", tsquery);
    }

    private static List<Long> ids(Connection connection, String function, String queryExpression, String query)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select id from " + function
                + "(cast(? as smallint), " + queryExpression + ", ?) as n(id)")) {
            statement.setInt(1, SPEAKER);
            statement.setString(2, query);
            statement.setInt(3, CANDIDATES);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }

    private static List<String> words(Connection connection, long id) throws SQLException {
        List<String> words = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select word from search_posting where kind = 3 and id = ? order by word")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    words.add(rows.getString(1));
                }
            }
        }
        return words;
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
