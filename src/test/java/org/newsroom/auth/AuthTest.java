package org.newsroom.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.article.Article;
import org.newsroom.graphql.GlobalId;
import org.newsroom.speaker.Speaker;
import org.newsroom.statement.Statement;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Who may write: the role matrix (anonymous, a token without a role, editor, admin, bad tokens)
 * for every mutation. Editors and admins get past authorisation (their calls here then fail on
 * IDs that name nothing, or succeed); the others never reach the data.
 */
@QuarkusTest
class AuthTest {

    private static final String NO_ARTICLE = GlobalId.of(Article.TYPE, 999_999_999);
    private static final String NO_STATEMENT = GlobalId.of(Statement.TYPE, 999_999_999);
    private static final String NO_SPEAKER = GlobalId.of(Speaker.TYPE, 999_999_999);

    private final String prefix = TestData.prefix();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
    }

    /** Every mutation, with an input that is well typed but names nothing (or creates a test row). */
    private Map<String, Map<String, Object>> everyMutation() {
        Map<String, Map<String, Object>> mutations = new LinkedHashMap<>();
        mutations.put("article/create-article", Map.of("language", "de", "headline", prefix + "Auth", "body", "Text."));
        mutations.put("article/update-article", Map.of("id", NO_ARTICLE, "version", 0, "headline", prefix + "x"));
        mutations.put("article/publish-article", Map.of("id", NO_ARTICLE, "version", 0));
        mutations.put("article/unpublish-article", Map.of("id", NO_ARTICLE, "version", 0));
        mutations.put("article/withdraw-article", Map.of("id", NO_ARTICLE, "version", 0, "reason", "r"));
        mutations.put("article/correct-article", Map.of("id", NO_ARTICLE, "version", 0, "note", "n"));
        mutations.put("statement/add-statement", Map.of("article", NO_ARTICLE, "paragraph", 1, "start", 0, "end", 1,
                "text", "T", "kind", "CLAIM", "speaker", NO_SPEAKER));
        mutations.put("statement/update-statement", Map.of("id", NO_STATEMENT, "version", 0, "kind", "CLAIM"));
        mutations.put("statement/remove-statement", Map.of("id", NO_STATEMENT, "version", 0));
        mutations.put("speaker/create-speaker", Map.of("kind", "PERSON", "originalName", prefix + "Auth",
                "nameLanguage", "de", "latinName", prefix + "Auth"));
        mutations.put("speaker/update-speaker", Map.of("id", NO_SPEAKER, "version", 0, "role", "r"));
        mutations.put("speaker/merge-speakers", Map.of("survivor", NO_SPEAKER, "survivorVersion", 0,
                "merged", GlobalId.of(Speaker.TYPE, 999_999_998), "mergedVersion", 0));
        return mutations;
    }

    @Test
    void anonymousCallersAreAskedForAToken() {
        everyMutation().forEach((document, input) -> assertEquals("UNAUTHENTICATED",
                GraphQLClient.anonymous().execute(document, Map.of("input", input)).errorCode(), document));
    }

    @Test
    void aTokenWithoutTheEditorRoleIsForbidden() {
        GraphQLClient reader = GraphQLClient.withToken(Tokens.reader());
        everyMutation().forEach((document, input) -> assertEquals("FORBIDDEN",
                reader.execute(document, Map.of("input", input)).errorCode(), document));
    }

    @Test
    void editorsAndAdminsGetPastAuthorisation() {
        for (GraphQLClient client : List.of(GraphQLClient.editor(), GraphQLClient.admin())) {
            everyMutation().forEach((document, input) -> {
                GraphQLResponse response = client.execute(document, Map.of("input", input));
                List<Object> codes = response.errors().stream()
                        .map(error -> (Object) ((Map<?, ?>) error.get("extensions")).get("code")).toList();
                assertEquals(List.of(), codes.stream().filter(code -> code.equals("FORBIDDEN")
                        || code.equals("UNAUTHENTICATED") || code.equals("INTERNAL_SERVER_ERROR")).toList(), document);
                if (document.contains("create-")) {
                    assertEquals(List.of(), response.errors(), document);
                }
            });
        }
    }

    @Test
    void anAdminTokenIsAnEditorsToo() {
        GraphQLResponse created = GraphQLClient.admin().execute("article/create-article", Map.of("input",
                Map.of("language", "de", "headline", prefix + "By an admin", "body", "Text.")));
        String id = created.data("createArticle.article.id");
        assertEquals("DRAFT", GraphQLClient.admin().execute("article/article-node", Map.of("id", id))
                .data("node.status"));
    }

    @Test
    void badExpiredOrForeignTokensGetHttp401WithACodedBody() {
        for (String token : List.of("not-a-jwt", Tokens.expired(), Tokens.foreignSignature(), Tokens.wrongIssuer())) {
            given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                    .body(Map.of("query", "{ countries(first: 1) { totalCount } }"))
                    .when().post("/graphql")
                    .then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"))
                    .body(not(containsString(token)));
        }
    }

    @Test
    void theDocumentedDevTokenCommandPrintsATokenTheServiceAccepts() throws Exception {
        Process process = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "bin/DevToken.java",
                "--roles", "editor", "--sub", "readme-reader").redirectErrorStream(true).start();
        String token = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .strip();
        assertEquals(0, process.waitFor(), token);

        GraphQLResponse created = GraphQLClient.withToken(token).execute("article/create-article", Map.of("input",
                Map.of("language", "de", "headline", prefix + "Dev token", "body", "Text.")));
        assertEquals("DRAFT", created.data("createArticle.article.status"));
    }

    @Test
    void readersNeedNoTokenForPublishedContent() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ countries(first: 1) { totalCount } }"))
                .when().post("/graphql").then().statusCode(200);
    }

    @Test
    void aTokenWithoutRolesSeesWhatReadersSee() {
        String id = GraphQLClient.editor().execute("article/create-article", Map.of("input", Map.of("language", "de",
                "headline", prefix + "Hidden draft", "body", "Text."))).data("createArticle.article.id");
        assertNull(GraphQLClient.withToken(Tokens.reader()).execute("article/article-node", Map.of("id", id))
                .data("node"));
        assertNotNull(GraphQLClient.editor().execute("article/article-node", Map.of("id", id)).data("node"));
    }
}
