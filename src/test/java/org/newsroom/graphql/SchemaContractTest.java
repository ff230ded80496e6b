package org.newsroom.graphql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The client contract: the schema the service serves is the SDL committed at {@code schema.graphql}.
 *
 * <p>Frontend code is generated from the committed file (web/, graphql-codegen) and CI reports
 * breaking changes between its versions (web/scripts/schema-check.sh). A schema change therefore
 * shows up in review as a change of that file. After a deliberate change, rewrite it with
 * {@code ./mvnw -B test -Dtest=SchemaContractTest -Dschema.update=true} and commit it.
 *
 * <p>The same holds for the subgraph SDL a federation gateway composes ({@code _service { sdl }},
 * committed at {@code schema.federation.graphql}, see docs/federation.md): the same types with the
 * federation directives ({@code @key}, {@code @link}).
 */
@QuarkusTest
class SchemaContractTest {

    private static final Path COMMITTED = Path.of(System.getProperty("schema.file", "schema.graphql"));
    private static final Path COMMITTED_SUBGRAPH = Path.of(System.getProperty("schema.federation.file",
            "schema.federation.graphql"));
    private static final String UPDATE_COMMAND = "./mvnw -B test -Dtest=SchemaContractTest -Dschema.update=true";
    private static final int CONTEXT_LINES = 3;

    @Test
    void servedSchemaIsTheCommittedSdl() throws IOException {
        String served = normalise(given().accept("text/plain").when().get("/graphql/schema.graphql")
                .then().statusCode(200).extract().asString());
        assertTrue(served.contains("type Query"), "The served schema has no Query type:\n" + served);

        assertCommitted(COMMITTED, served, "the client contract");
    }

    @Test
    void subgraphSdlIsTheCommittedFederationSdl() throws IOException {
        String sdl = normalise(GraphQLClient.anonymous().execute("federation/service-sdl").data("_service.sdl"));
        assertTrue(sdl.contains("@link(") && sdl.contains("@key("), "The subgraph SDL links no federation spec or declares no entity:\n" + sdl);

        assertCommitted(COMMITTED_SUBGRAPH, sdl, "what a federation gateway composes");
    }

    private static void assertCommitted(Path file, String served, String role) throws IOException {
        if (Boolean.getBoolean("schema.update")) {
            Files.writeString(file, served, StandardCharsets.UTF_8);
            System.out.println("Rewrote " + file.toAbsolutePath() + " from the served schema: review and commit it.");
            return;
        }
        if (!Files.exists(file)) {
            fail("No committed schema at " + file.toAbsolutePath() + ". Write it with: " + UPDATE_COMMAND);
        }
        String committed = normalise(Files.readString(file, StandardCharsets.UTF_8));
        if (!committed.equals(served)) {
            fail("The served schema differs from " + file + " (" + role + ").\n"
                    + firstDifference(committed, served)
                    + "\nIf the change is intended, rewrite the file with:\n  " + UPDATE_COMMAND
                    + "\nthen regenerate the reader's types (cd web && npm run codegen) and commit both;"
                    + " breaking changes also need a 'Breaking-Schema: <reason>' line in the commit message.");
        }
    }

    private static String normalise(String sdl) {
        return sdl.replace("\r\n", "\n").stripTrailing() + "\n";
    }

    /** Where the two texts first differ, with a few lines of context from each. */
    static String firstDifference(String committed, String served) {
        List<String> a = committed.lines().toList();
        List<String> b = served.lines().toList();
        int line = 0;
        while (line < a.size() && line < b.size() && a.get(line).equals(b.get(line))) {
            line++;
        }
        int from = Math.max(0, line - CONTEXT_LINES);
        StringBuilder out = new StringBuilder("First difference at line " + (line + 1) + " (committed "
                + a.size() + " lines, served " + b.size() + " lines):\n");
        appendLines(out, "- committed ", a, from, line + CONTEXT_LINES);
        appendLines(out, "+ served    ", b, from, line + CONTEXT_LINES);
        return out.toString();
    }

    private static void appendLines(StringBuilder out, String prefix, List<String> lines, int from, int to) {
        for (int i = from; i < Math.min(to, lines.size()); i++) {
            out.append(prefix).append(String.format("%4d| ", i + 1)).append(lines.get(i)).append('\n');
        }
    }
}
