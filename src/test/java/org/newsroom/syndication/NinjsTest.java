package org.newsroom.syndication;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReadRoute;
import org.newsroom.compiled.CompiledReads;
import org.newsroom.graphql.GlobalId;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.HibernateStatements;
import org.newsroom.testing.SeedArticle;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * IPTC ninjs 2.2 documents: valid against the IPTC schema, faithful to the article, batched, and
 * served over HTTP to those who may have them.
 *
 * <p>The schema is IPTC's own file, vendored unchanged in {@code third_party/schemas} (licence and
 * provenance in its NOTICE.md); system property {@code ninjs.schema} names another copy.
 */
@QuarkusTest
class NinjsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema schema;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    CompiledReads reads;

    private final String prefix = TestData.prefix();
    private final GraphQLClient editor = GraphQLClient.editor();
    private final GraphQLClient reader = GraphQLClient.anonymous();

    @BeforeAll
    static void loadSchema() throws IOException {
        Path file = Path.of(System.getProperty("ninjs.schema", "third_party/schemas/ninjs-schema_2.2.json"));
        assertTrue(Files.isReadable(file), "the IPTC ninjs 2.2 schema at " + file.toAbsolutePath()
                + " (set -Dninjs.schema=... to read it elsewhere)");
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true)
                .preloadSchema(false).build();
        // Places may carry GeoJSON, whose schema lives on the web; ours never do, so it is stubbed.
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config)
                        .schemas(Map.of("https://geojson.org/schema/GeoJSON.json", "{\"type\": \"object\"}")));
        try (InputStream in = Files.newInputStream(file)) {
            schema = registry.getSchema(in);
        }
    }

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
    }

    @Test
    void theSeedArticlesNinjsIsValidAndFaithful() throws IOException {
        Map<String, Object> article = reader.execute("article/article-by-slug", Map.of("slug", SeedArticle.SLUG))
                .data("article");
        String id = (String) article.get("id");
        JsonNode ninjs = JSON.valueToTree(reader.execute("ninjs/article-ninjs", Map.of("slug", SeedArticle.SLUG))
                .data("article.ninjs"));

        assertValid(ninjs);
        assertEquals("urn:newsroom:article:" + id, ninjs.get("uri").asText());
        assertEquals("text", ninjs.get("type").asText());
        assertEquals(String.valueOf(article.get("version")), ninjs.get("version").asText());
        assertEquals("ur", ninjs.get("language").asText());
        assertEquals("usable", ninjs.get("pubstatus").asText());
        assertFalse(ninjs.has("embargoed"));
        assertEquals(Instant.parse((String) article.get("firstPublishedAt")), Instant.parse(ninjs.get("firstcreated").asText()));
        assertEquals(Instant.parse((String) article.get("lastUpdatedAt")), Instant.parse(ninjs.get("versioncreated").asText()));
        assertEquals("main", ninjs.at("/headlines/0/role").asText());
        assertEquals(article.get("headline"), ninjs.at("/headlines/0/value").asText());
        assertEquals(article.get("body"), ninjs.at("/bodies/0/value").asText(), "the plain body, byte for byte");
        assertEquals("text/plain", ninjs.at("/bodies/0/contenttype").asText());
        assertTrue(ninjs.at("/bodies/1/value").asText().startsWith("<div lang=\"ur\" dir=\"rtl\"><p>"));
        assertEquals("Newsroom", ninjs.get("copyrightholder").asText());
        assertEquals(article.get("attributionSource"), ninjs.at("/infosources/0/name").asText());
        List<String> places = names(ninjs, "places", "literal");
        assertEquals(codes(article), places);
        assertFalse(ninjs.get("people").isEmpty(), "the people quoted");
        assertTrue(names(ninjs, "people", "rel").stream().allMatch("quoted"::equals));

        Response served = given().accept("application/json").get("/syndication/ninjs/" + id);
        assertEquals(200, served.statusCode());
        assertTrue(served.contentType().startsWith("application/json"), served.contentType());
        assertEquals(ninjs, JSON.readTree(served.asString()), "HTTP serves the same document as GraphQL");
    }

    @Test
    void draftsEmbargoesAndWithdrawalsAreWithheldOrCanceledAndOnlyEditorsGetThem() throws IOException {
        String draft = create("Brouillon", Map.of());
        String embargoed = create("Sous embargo", Map.of("embargoUntil",
                Instant.now().plus(1, ChronoUnit.HOURS).toString()));
        publish(embargoed);
        String withdrawn = create("Retiré", Map.of());
        publish(withdrawn);
        editor.execute("article/withdraw-article", Map.of("input", Map.of("id", withdrawn, "version", 1,
                "reason", "Source retracted."))).data("withdrawArticle");

        for (String id : List.of(draft, embargoed, withdrawn)) {
            Response refused = given().accept("application/json").get("/syndication/ninjs/" + id);
            assertEquals(404, refused.statusCode(), id);
            assertEquals("NOT_FOUND", JSON.readTree(refused.asString()).at("/errors/0/extensions/code").asText());
        }
        assertNull(reader.execute("ninjs/node-ninjs", Map.of("id", withdrawn)).data("node.ninjs"),
                "readers see the withdrawal notice, but no ninjs");

        assertEquals("withheld", editorsDocument(draft).get("pubstatus").asText());
        JsonNode underEmbargo = editorsDocument(embargoed);
        assertEquals("withheld", underEmbargo.get("pubstatus").asText());
        assertTrue(underEmbargo.has("embargoed"));
        JsonNode canceled = editorsDocument(withdrawn);
        assertEquals("canceled", canceled.get("pubstatus").asText());
        assertEquals("Source retracted.", canceled.at("/descriptions/0/value").asText());
    }

    @Test
    void rightsTravelInTheDocumentAndSyndicationCanBeRefused() throws IOException {
        String open = create("Libre", Map.of("rights", Map.of("usageTerms", "Online use only.",
                "copyrightHolder", "Agence Exemple")));
        publish(open);
        String closed = create("Réservé", Map.of("rights", Map.of("syndicationAllowed", false)));
        publish(closed);

        JsonNode document = JSON.valueToTree(reader.execute("ninjs/node-ninjs", Map.of("id", open)).data("node.ninjs"));
        assertValid(document);
        assertEquals("Online use only.", document.get("usageterms").asText());
        assertEquals("Agence Exemple", document.get("copyrightholder").asText());
        assertTrue(document.get("copyrightnotice").asText().contains("Agence Exemple"));

        assertNull(reader.execute("ninjs/node-ninjs", Map.of("id", closed)).data("node.ninjs"));
        assertEquals(404, given().get("/syndication/ninjs/" + closed).statusCode());
        assertEquals("usable", editorsDocument(closed).get("pubstatus").asText(), "editors still get it");
    }

    @Test
    void partnersGetTheDocumentsOfArticlesTheyAreEntitledToOnly() throws IOException {
        String seed = reader.execute("article/article-by-slug", Map.of("slug", SeedArticle.SLUG)).data("article.id");
        Syndication.TestPartner urdu = Syndication.createPartner(prefix + "Ninjs UR", List.of("ur"), List.of());
        Syndication.TestPartner french = Syndication.createPartner(prefix + "Ninjs FR", List.of("fr"), List.of());

        Response entitled = given().header("X-Api-Key", urdu.key()).get("/syndication/ninjs/" + seed);
        assertEquals(200, entitled.statusCode());
        assertValid(JSON.readTree(entitled.asString()));
        assertNotNull(urdu.client().execute("ninjs/node-ninjs", Map.of("id", seed)).data("node.ninjs"));

        assertEquals(404, given().header("X-Api-Key", french.key()).get("/syndication/ninjs/" + seed).statusCode());
        assertNull(french.client().execute("ninjs/node-ninjs", Map.of("id", seed)).data("node.ninjs"));
    }

    @Test
    void aMalformedIdIsABadRequestWithAJsonBody() throws IOException {
        Response response = given().get("/syndication/ninjs/not-an-id");

        assertEquals(400, response.statusCode());
        assertEquals("BAD_USER_INPUT", JSON.readTree(response.asString()).at("/errors/0/extensions/code").asText());
    }

    /**
     * The route answers from the read engine's plan, one statement, for every kind of caller and
     * article: the document where the caller may syndicate it, a 404 in GraphQL's error shape
     * where not.
     */
    @Test
    void theRouteAnswersInOneStatementForEveryCallerAndArticle() {
        String seed = reader.execute("article/article-by-slug", Map.of("slug", SeedArticle.SLUG)).data("article.id");
        String draft = create("Brouillon", Map.of());
        String embargoed = create("Sous embargo", Map.of("embargoUntil", Instant.now().plus(1, ChronoUnit.HOURS).toString()));
        publish(embargoed);
        String withdrawn = create("Retiré", Map.of());
        publish(withdrawn);
        editor.execute("article/withdraw-article", Map.of("input", Map.of("id", withdrawn, "version", 1,
                "reason", "Source retracted."))).data("withdrawArticle");
        String closed = create("Réservé", Map.of("rights", Map.of("syndicationAllowed", false)));
        publish(closed);
        String none = GlobalId.of("Article", Long.MAX_VALUE);
        List<List<String>> callers = List.of(List.of(),
                List.of("X-Api-Key", Syndication.createPartner(prefix + "Route UR", List.of("ur"), List.of()).key()),
                List.of("X-Api-Key", Syndication.createPartner(prefix + "Route FR", List.of("fr"), List.of()).key()),
                List.of("Authorization", "Bearer " + Tokens.editor()),
                List.of("Authorization", "Bearer " + Tokens.admin()));
        int documents = 0;
        for (List<String> caller : callers) {
            for (String id : List.of(seed, draft, embargoed, withdrawn, closed, none)) {
                Response compiled = HibernateStatements.noneDuring(sessionFactory, () -> {
                    long statements = reads.statementsRun();
                    Response answer = ninjs(id, caller);
                    assertEquals(1, reads.statementsRun() - statements, "one statement: " + caller + " " + id);
                    return answer;
                });
                assertEquals("compiled", compiled.header(CompiledReadRoute.EXECUTION));
                assertEquals("application/json; charset=utf-8", compiled.header("Content-Type"));
                if (compiled.statusCode() == 200) {
                    documents++;
                    assertEquals(id, GlobalId.of("Article", GlobalId.numericKey(id, "Article")));
                    assertTrue(compiled.jsonPath().getString("uri").endsWith(id), compiled.asString());
                } else {
                    assertEquals(404, compiled.statusCode(), caller + " " + id);
                    assertEquals("There is no article with ID '" + id + "' that you may syndicate.",
                            compiled.jsonPath().getString("errors[0].message"));
                    assertEquals("NOT_FOUND", compiled.jsonPath().getString("errors[0].extensions.code"));
                }
            }
        }
        // the seed for readers and the Urdu partner; all but the unknown ID for editors and admins
        assertEquals(2 + 5 + 5, documents);

        Response malformed = ninjs("not-an-id", List.of());
        assertEquals(400, malformed.statusCode());
        assertEquals("compiled", malformed.header(CompiledReadRoute.EXECUTION));
        assertEquals("BAD_USER_INPUT", malformed.jsonPath().getString("errors[0].extensions.code"), malformed.asString());
    }

    @Test
    void aReadThatFailsIsAnInternalErrorWithItsReferenceAndNothingOfTheDatabasesMessage() {
        String seed = reader.execute("article/article-by-slug", Map.of("slug", SeedArticle.SLUG)).data("article.id");
        Response failed;
        // a table the document's statement reads gone for a moment: a state no error code names
        Syndication.sql("alter table statement rename to statement_hidden_by_test");
        try {
            failed = ninjs(seed, List.of());
        } finally {
            Syndication.sql("alter table statement_hidden_by_test rename to statement");
        }
        assertEquals(500, failed.statusCode(), failed.asString());
        assertEquals("compiled", failed.header(CompiledReadRoute.EXECUTION), "not answered by another path instead");
        assertEquals("INTERNAL_SERVER_ERROR", failed.jsonPath().getString("errors[0].extensions.code"));
        assertTrue(failed.jsonPath().getString("errors[0].message").matches(
                "The server could not complete this request; reference [0-9a-f-]{36}\\."), failed.asString());
        assertFalse(failed.asString().contains("statement_hidden"), failed.asString());
        assertEquals(200, ninjs(seed, List.of()).statusCode(), "the failure left nothing behind");
    }

    private static Response ninjs(String id, List<String> caller) {
        RequestSpecification request = given().accept("application/json");
        for (int i = 0; i < caller.size(); i += 2) {
            request.header(caller.get(i), caller.get(i + 1));
        }
        return request.get("/syndication/ninjs/" + id);
    }

    @Test
    void ninjsOfManyArticlesCostsTheSameStatementsAsOfFew() {
        long few = statementsFor(2);
        long many = statementsFor(40);

        assertEquals(few, many, "SQL statements for the ninjs of 2 and of 40 articles");
    }

    private long statementsFor(int articles) {
        Map<String, Object> variables = Map.of("first", articles, "language", "en");
        reader.execute("ninjs/articles-ninjs", variables);
        Statistics statistics = sessionFactory.getStatistics();
        statistics.clear();
        List<Object> documents = reader.execute("ninjs/articles-ninjs", variables).data("articles.edges.node.ninjs");
        assertEquals(articles, documents.size());
        documents.forEach(document -> assertValid(JSON.valueToTree(document)));
        return statistics.getPrepareStatementCount();
    }

    private JsonNode editorsDocument(String id) throws IOException {
        Response response = given().header("Authorization", "Bearer " + Tokens.editor())
                .get("/syndication/ninjs/" + id);
        assertEquals(200, response.statusCode(), response.asString());
        JsonNode document = JSON.readTree(response.asString());
        assertValid(document);
        return document;
    }

    private String create(String headline, Map<String, Object> extra) {
        Map<String, Object> input = new java.util.HashMap<>(Map.of("language", "fr", "headline", prefix + headline,
                "body", "Premier paragraphe.\nDeuxième.", "countries", List.of("FR")));
        input.putAll(extra);
        return editor.execute("rights/create-article", Map.of("input", input)).data("createArticle.article.id");
    }

    private void publish(String id) {
        editor.execute("embargo/publish-article", Map.of("input", Map.of("id", id, "version", 0))).data("publishArticle");
    }

    private static void assertValid(JsonNode document) {
        List<Error> errors = schema.validate(document);
        assertEquals(List.of(), errors.stream().map(Error::toString).toList(), document.toPrettyString());
    }

    private static List<String> names(JsonNode document, String list, String field) {
        List<String> values = new java.util.ArrayList<>();
        document.get(list).forEach(item -> values.add(item.get(field).asText()));
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<String> codes(Map<String, Object> article) {
        return ((List<Map<String, Object>>) article.get("countries")).stream().map(c -> (String) c.get("code")).toList();
    }
}
