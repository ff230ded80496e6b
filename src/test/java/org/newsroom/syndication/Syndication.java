package org.newsroom.syndication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.TestData;

import io.quarkus.arc.Arc;

/** What the syndication tests share: partners with keys, articles, and reading a whole feed. */
final class Syndication {

    private Syndication() {
    }

    /** A partner as its admin created it, with the key it was handed. */
    record TestPartner(String id, String key, long version) {
        GraphQLClient client() {
            return GraphQLClient.anonymous().header("X-Api-Key", key);
        }

        long databaseId() {
            return org.newsroom.graphql.GlobalId.numericKey(id, "Partner");
        }
    }

    /** One feed entry as a partner saw it. */
    record Entry(String cursor, String kind, String articleId, long version, String reason, Map<String, Object> article) {
    }

    /** Entries read and the cursor to continue from. */
    record Read(List<Entry> entries, String cursor) {
    }

    /** The partner as the admins' list shows it, found by paging through the whole list. */
    static Map<String, Object> partnerListed(String id) {
        String after = null;
        while (true) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", 100);
            variables.put("after", after);
            GraphQLResponse page = GraphQLClient.admin().execute("syndication/partners", variables);
            List<Map<String, Object>> edges = page.data("partners.edges");
            for (Map<String, Object> edge : edges) {
                @SuppressWarnings("unchecked")
                Map<String, Object> node = (Map<String, Object>) edge.get("node");
                if (id.equals(node.get("id"))) {
                    return node;
                }
            }
            after = page.data("partners.pageInfo.endCursor");
            if (after == null) {
                throw new AssertionError("partner " + id + " is not listed");
            }
        }
    }

    static TestPartner createPartner(String name, List<String> languages, List<String> countries) {
        GraphQLResponse created = GraphQLClient.admin().execute("syndication/create-partner",
                Map.of("input", TestData.input("name", name, "languages", languages, "countries", countries)));
        Map<String, Object> partner = created.data("createPartner.partner");
        return new TestPartner((String) partner.get("id"), created.data("createPartner.key"),
                ((Number) partner.get("version")).longValue());
    }

    /** Reads the feed from a cursor (null: the start) to its current end, page by page. */
    static Read readAll(GraphQLClient partner, String after, int pageSize) {
        List<Entry> entries = new ArrayList<>();
        String cursor = after;
        while (true) {
            Map<String, Object> variables = new java.util.HashMap<>();
            variables.put("after", cursor);
            variables.put("first", pageSize);
            GraphQLResponse page = partner.execute("syndication/feed", variables);
            List<Map<String, Object>> edges = page.data("syndicationFeed.edges");
            for (Map<String, Object> edge : edges) {
                @SuppressWarnings("unchecked")
                Map<String, Object> node = (Map<String, Object>) edge.get("node");
                @SuppressWarnings("unchecked")
                Map<String, Object> article = (Map<String, Object>) node.get("article");
                entries.add(new Entry((String) edge.get("cursor"), (String) node.get("kind"),
                        (String) node.get("articleId"), ((Number) node.get("version")).longValue(),
                        (String) node.get("reason"), article));
                cursor = (String) edge.get("cursor");
            }
            if (!Boolean.TRUE.equals(page.data("syndicationFeed.pageInfo.hasNextPage"))) {
                return new Read(entries, cursor);
            }
        }
    }

    static List<Entry> about(List<Entry> entries, String articleId) {
        return entries.stream().filter(entry -> entry.articleId().equals(articleId)).toList();
    }

    static List<String> kinds(List<Entry> entries) {
        return entries.stream().map(Entry::kind).toList();
    }

    /** A draft by an editor; returns id and version. */
    static Map<String, Object> draft(String headline, String language, List<String> countries) {
        return GraphQLClient.editor().execute("article/create-article", Map.of("input", TestData.input(
                "language", language, "headline", headline, "body", "First paragraph.\nSecond paragraph.",
                "countries", countries))).data("createArticle.article");
    }

    static Map<String, Object> publish(Map<String, Object> article) {
        return GraphQLClient.editor().execute("article/publish-article", Map.of("input",
                Map.of("id", article.get("id"), "version", article.get("version")))).data("publishArticle.article");
    }

    static Map<String, Object> published(String headline, String language, List<String> countries) {
        return publish(draft(headline, language, countries));
    }

    static void sql(String sql, Object... parameters) {
        DataSource dataSource = Arc.container().instance(DataSource.class).get();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes the partners whose name starts with the prefix, with their keys and feeds. */
    static void removePartners(String prefix) {
        sql("delete from partner where starts_with(name, ?)", prefix);
    }

    static long key(Map<String, Object> article) {
        return org.newsroom.graphql.GlobalId.numericKey((String) article.get("id"), "Article");
    }
}
