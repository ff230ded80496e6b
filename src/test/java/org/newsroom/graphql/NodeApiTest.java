package org.newsroom.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.SeedArticle;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class NodeApiTest {

    private final GraphQLClient client = GraphQLClient.anonymous();

    @Test
    void everyObjectComesBackThroughNodeByItsId() {
        GraphQLResponse seed = client.execute("node/seed-ids", Map.of("slug", SeedArticle.SLUG));

        assertEquals(SeedArticle.SLUG, node(seed.data("article.id")).data("node.slug"));
        assertEquals("Article", node(seed.data("article.id")).data("node.__typename"));
        assertEquals("WARNING", node(seed.data("article.statements.edges[0].node.id")).data("node.kind"));
        assertEquals("Microsoft", node(seed.data("article.statements.edges[0].node.speaker.id")).data("node.latinName"));
        assertEquals("CN", node(seed.data("article.countries[0].id")).data("node.code"));
    }

    @Test
    void nodesKeepsTheOrderAskedForWithNullForUnknownObjects() {
        GraphQLResponse seed = client.execute("node/seed-ids", Map.of("slug", SeedArticle.SLUG));
        String article = seed.data("article.id");
        String country = seed.data("article.countries[1].id");
        String missing = GlobalId.of("Article", 999_999);

        GraphQLResponse response = client.execute("node/nodes", Map.of("ids", List.of(country, missing, article)));

        List<Map<String, Object>> nodes = response.data("nodes");
        assertEquals(3, nodes.size());
        assertEquals("Country", nodes.get(0).get("__typename"));
        assertNull(nodes.get(1));
        assertEquals("Article", nodes.get(2).get("__typename"));
    }

    @Test
    void draftsAreNotReachableByIdEither() {
        // test-article-20 is a draft; ids are assigned in corpus order, so it is Article:20
        assertNull(node(GlobalId.of("Article", 20)).data("node"));
    }

    @Test
    void malformedIdsAreClientErrors() {
        for (String id : List.of("nope", "", "QXJ0aWNsZTo", GlobalId.of("Article", "abc"), GlobalId.of("Planet", 1),
                GlobalId.of("Article", -5), "%%%")) {
            assertEquals("BAD_USER_INPUT", node(id).errorCode(), id);
        }
    }

    @Test
    void atMostOneHundredIdsAtOnce() {
        List<String> ids = new ArrayList<>(Collections.nCopies(101, GlobalId.of("Country", "IR")));

        assertEquals("BAD_USER_INPUT", client.execute("node/nodes", Map.of("ids", ids)).errorCode());
    }

    private GraphQLResponse node(String id) {
        return client.execute("node/node", Map.of("id", id));
    }
}
