package org.newsroom.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;

import io.quarkus.test.junit.QuarkusTest;

/** Nested fields are loaded a level at a time, so the SQL count does not grow with the page. */
@QuarkusTest
class BatchLoadingTest {

    @Inject
    SessionFactory sessionFactory;

    @Test
    void frontPageCostsTheSameStatementsForFiveAndFiftyArticles() {
        long five = statementsFor(5);
        long fifty = statementsFor(50);

        assertEquals(five, fifty, "SQL statements for 5 and for 50 articles");
    }

    @Test
    void frontPageIsAHandfulOfStatements() {
        // articles, their countries, their statements (and counts), the statements' speakers and countries
        long statements = statementsFor(20);

        assertEquals(6, statements, "SQL statements for a front page of 20 articles");
    }

    private long statementsFor(int articles) {
        Statistics statistics = sessionFactory.getStatistics();
        statistics.clear();
        List<Object> edges = GraphQLClient.anonymous()
                .execute("article/front-page", Map.of("first", articles, "language", "en"))
                .data("articles.edges");
        assertEquals(articles, edges.size());
        return statistics.getPrepareStatementCount();
    }
}
