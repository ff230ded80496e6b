package org.newsroom.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReads;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.HibernateStatements;
import org.newsroom.testing.SeedArticle;
import org.newsroom.testing.TestData;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Apollo Federation: a gateway resolves the articles, statements, speakers and countries other
 * subgraphs refer to through {@code _entities}, a batch per type in one SQL statement, and sees
 * what the caller may see on every other path: a withdrawn or embargoed article is null for
 * readers. (The gateway itself, with a second subgraph, is tested in federation/.)
 */
@QuarkusTest
class FederationTest {

    @Inject
    SessionFactory sessionFactory;

    @Inject
    DataSource dataSource;

    @Inject
    CompiledReads reads;

    private final String prefix = TestData.prefix();
    private final GraphQLClient reader = GraphQLClient.anonymous();
    private final GraphQLClient editor = GraphQLClient.editor();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
    }

    @Test
    void aBatchOfAHundredArticleReferencesCostsOneStatement() throws SQLException {
        List<String> ids = publishedArticles(100);
        List<Map<String, Object>> representations = ids.stream().map(id -> reference("Article", "id", id)).toList();
        reader.execute("federation/article-entities", Map.of("representations", representations.subList(0, 2)));

        List<List<Map<String, Object>>> entities = new ArrayList<>();
        long compiled = reads.statementsRun();
        long prepared = HibernateStatements.preparedFor(sessionFactory, () -> entities.add(reader
                .execute("federation/article-entities", Map.of("representations", representations)).data("_entities")));

        // the compiled read path's one statement, nothing through the interpreter's loaders
        assertEquals(0, prepared, "SQL statements through Hibernate for 100 article references");
        assertEquals(entities.size(), reads.statementsRun() - compiled, "one statement for each batch of 100");
        assertEquals(ids, entities.get(0).stream().map(entity -> entity.get("id")).toList(), "in the order asked for");
    }

    @Test
    void withdrawnEmbargoedAndDraftArticlesAreNullForReaders() {
        String published = published("Published");
        String withdrawn = published("Withdrawn");
        editor.execute("article/withdraw-article", Map.of("input", Map.of("id", withdrawn, "version", 1,
                "reason", "The source retracted the report."))).data("withdrawArticle");
        String embargoed = created("Embargoed", Instant.now().plus(1, ChronoUnit.HOURS));
        editor.execute("article/publish-article", Map.of("input", Map.of("id", embargoed, "version", 0)))
                .data("publishArticle");
        String draft = created("Draft", null);
        Map<String, Object> variables = Map.of("representations", List.of(reference("Article", "id", published),
                reference("Article", "id", withdrawn), reference("Article", "id", embargoed),
                reference("Article", "id", draft)));

        List<Map<String, Object>> forReaders = reader.execute("federation/article-entities", variables).data("_entities");
        List<Map<String, Object>> forEditors = editor.execute("federation/article-entities", variables).data("_entities");

        assertEquals(published, forReaders.get(0).get("id"));
        assertEquals(Arrays.asList(null, null, null), forReaders.subList(1, 4), "withdrawn, embargoed, draft");
        assertEquals(List.of(published, withdrawn, embargoed, draft),
                forEditors.stream().map(entity -> entity.get("id")).toList(), "editors see them all");
        assertEquals("WITHDRAWN", forEditors.get(1).get("status"));
    }

    @Test
    void everyEntityTypeResolvesByItsKeyInTheOrderAsked() {
        GraphQLResponse seed = reader.execute("federation/seed-references", Map.of("slug", SeedArticle.SLUG));
        String article = seed.data("article.id");
        Map<String, Object> statement = seed.data("article.statements.nodes[0]");
        @SuppressWarnings("unchecked")
        String speaker = (String) ((Map<String, Object>) statement.get("speaker")).get("id");

        List<Map<String, Object>> entities = reader.execute("federation/entities", Map.of("representations", List.of(
                reference("Country", "code", "PK"),
                reference("Speaker", "id", speaker),
                reference("Statement", "id", statement.get("id")),
                reference("Article", "id", article),
                reference("Country", "code", "XX"),
                reference("Article", "id", GlobalId.of("Article", Long.MAX_VALUE))))).data("_entities");

        assertEquals("PAK", entities.get(0).get("alpha3"));
        assertEquals(speaker, entities.get(1).get("id"));
        assertEquals(statement.get("text"), entities.get(2).get("text"));
        assertEquals(Map.of("id", speaker), entities.get(2).get("speaker"));
        assertEquals("Article", entities.get(3).get("__typename"));
        assertEquals(article, entities.get(3).get("id"));
        assertNull(entities.get(4), "no country has the code XX");
        assertNull(entities.get(5), "no article has that ID");
    }

    @Test
    void aReferenceWithTheIdOfAnotherTypeIsBadInput() {
        String speakerId = GlobalId.of("Speaker", 1);
        GraphQLResponse response = reader.execute("federation/article-entities",
                Map.of("representations", List.of(reference("Article", "id", speakerId))));

        assertEquals("BAD_USER_INPUT", response.json().getString("errors[0].extensions.code"));
        assertNotNull(response.json().getString("errors[0].message"));
    }

    @Test
    void aMalformedReferenceIsBadInputThatSaysWhatIsExpected() {
        Map<String, Object> withoutType = new HashMap<>(Map.of("id", GlobalId.of("Article", 1)));
        Map<String, Object> wrongKey = reference("Country", "id", GlobalId.of("Country", "PK"));

        GraphQLResponse noType = reader.execute("federation/article-entities",
                Map.of("representations", List.of(withoutType)));
        GraphQLResponse byWrongKey = reader.execute("federation/entities",
                Map.of("representations", List.of(reference("Country", "code", "PK"), wrongKey)));

        assertEquals("BAD_USER_INPUT", noType.json().getString("errors[0].extensions.code"));
        assertEquals("Representation 0 of _entities names no entity type of this service (__typename: null); "
                + "it has [Article, Country, Speaker, Statement].", noType.json().getString("errors[0].message"));
        assertEquals("BAD_USER_INPUT", byWrongKey.json().getString("errors[0].extensions.code"));
        assertEquals("Representation 1 of _entities is a Country with the fields [id]; a Country is referred to "
                + "by its key, the text field 'code', alone.", byWrongKey.json().getString("errors[0].message"));
    }

    private static Map<String, Object> reference(String type, String key, Object value) {
        Map<String, Object> representation = new HashMap<>();
        representation.put("__typename", type);
        representation.put(key, value);
        return representation;
    }

    private String published(String headline) {
        String id = created(headline, null);
        editor.execute("article/publish-article", Map.of("input", Map.of("id", id, "version", 0))).data("publishArticle");
        return id;
    }

    private String created(String headline, Instant embargoUntil) {
        return editor.execute("rights/create-article", Map.of("input", TestData.input("language", "ur",
                "headline", prefix + headline, "body", "متن۔", "embargoUntil",
                embargoUntil == null ? null : embargoUntil.toString()))).data("createArticle.article.id");
    }

    /** Published articles of this test's own, written straight to the table (publishing a hundred through mutations is slow). */
    private List<String> publishedArticles(int count) throws SQLException {
        List<String> ids = new ArrayList<>(count);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into article (slug, language, direction, "
                        + "headline, body, status, first_published_at, last_updated_at, source_document) "
                        + "select ? || i, 'en', 'LTR', ? || i, 'Text.', 'PUBLISHED', now(), now(), ? || i "
                        + "from generate_series(1, ?) as i order by i returning id")) {
            String slug = prefix.trim().toLowerCase().replace(' ', '-') + "-";
            insert.setString(1, slug);
            insert.setString(2, prefix);
            insert.setString(3, "test:" + slug);
            insert.setInt(4, count);
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    ids.add(GlobalId.of("Article", rows.getLong(1)));
                }
            }
        }
        return ids;
    }
}
