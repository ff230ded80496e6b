package org.newsroom.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReadRoute;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.HibernateStatements;
import org.newsroom.testing.SeedArticle;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Nested fields are loaded a level at a time, so the SQL count does not grow with the page. These
 * are the interpreter's numbers: the requests ask for it (the compiled read path would answer the
 * anonymous ones with a single statement, see CompiledReadsTest).
 */
@QuarkusTest
class BatchLoadingTest {

    private static GraphQLClient interpreted() {
        return GraphQLClient.anonymous().header(CompiledReadRoute.EXECUTION, "interpreted");
    }

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

    // The other operations of the benchmark (bench/operations/ours): small and large pages cost the same.

    @Test
    void articleBySlugCostsTheSameStatementsForTwoAndAllStatements() {
        long two = statementsFor("bench/article-by-slug", Map.of("slug", SeedArticle.SLUG, "first", 2), "article.statements.nodes", 2);
        long all = statementsFor("bench/article-by-slug", Map.of("slug", SeedArticle.SLUG, "first", 17), "article.statements.nodes", 17);

        assertEquals(two, all, "SQL statements for 2 and for 17 statements of an article");
    }

    @Test
    void statementsByCountryCostTheSameStatementsForTwoAndTwenty() {
        long two = statementsFor("bench/statements-by-country", Map.of("code", "US", "first", 2), "country.statements.nodes", 2);
        long twenty = statementsFor("bench/statements-by-country", Map.of("code", "US", "first", 20), "country.statements.nodes", 20);

        assertEquals(two, twenty, "SQL statements for 2 and for 20 statements of a country");
    }

    @Test
    void speakerPageCostsTheSameStatementsForOneAndAllStatements() {
        String id = interpreted()
                .execute("bench/speaker-id", Map.of("namePrefix", "Test Speaker 01"))
                .data("speakers.nodes[0].id");
        int all = interpreted().execute("bench/speaker-page", Map.of("id", id, "first", 100))
                .<List<Object>>data("node.statements.nodes").size();

        long one = statementsFor("bench/speaker-page", Map.of("id", id, "first", 1), "node.statements.nodes", 1);
        long every = statementsFor("bench/speaker-page", Map.of("id", id, "first", all), "node.statements.nodes", all);

        assertTrue(all > 1, "the test speaker has several statements");
        assertEquals(one, every, "SQL statements for 1 and for all statements of a speaker");
    }

    private long statementsFor(String document, Map<String, Object> variables, String list, int expected) {
        interpreted().execute(document, variables); // once-only loads (e.g. the country catalogue) first
        return HibernateStatements.preparedFor(sessionFactory, () -> {
            List<Object> nodes = interpreted().execute(document, variables).data(list);
            assertEquals(expected, nodes.size());
        });
    }

    private long statementsFor(int articles) {
        return HibernateStatements.preparedFor(sessionFactory, () -> {
            List<Object> edges = interpreted()
                    .execute("article/front-page", Map.of("first", articles, "language", "en"))
                    .data("articles.edges");
            assertEquals(articles, edges.size());
        });
    }
}
