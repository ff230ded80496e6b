package org.newsroom.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.newsroom.testing.GraphQLClient;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SeedImporterTest {

    @Inject
    SeedImporter importer;

    @Test
    void importingAgainAndConcurrentlyCreatesNothingTwice() throws Exception {
        ExecutorService instances = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> imports = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                imports.add(instances.submit(() -> importer.onStart(null)));
            }
            for (Future<?> done : imports) {
                done.get();
            }
        } finally {
            instances.shutdown();
        }

        GraphQLClient client = GraphQLClient.anonymous();
        assertEquals(1, (int) client.execute("article/articles-page", Map.of("filter", Map.of("language", "ur")))
                .data("articles.totalCount"));
        assertEquals(1, (int) client.execute("speaker/speakers-page", Map.of("filter", Map.of("namePrefix", "Burt")))
                .data("speakers.totalCount"));
        assertEquals(17, (int) client.execute("statement/seed-statements",
                Map.of("slug", "microsoft-hackers-russia-china-iran-target-us-campaigns"))
                .data("article.statements.totalCount"));
    }
}
