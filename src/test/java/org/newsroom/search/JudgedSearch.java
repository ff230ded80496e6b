package org.newsroom.search;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.newsroom.search.JudgedCorpus.Doc;
import org.newsroom.search.JudgedCorpus.Type;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;

/**
 * The two sides the judged tests compare: {@code search} as a client calls it over HTTP, and the
 * documents that hold every word of a query, found in SQL by testing each published row's stored
 * vector word by word (no postings, no ranking, no limit: nothing the engine's shortcuts touch).
 */
final class JudgedSearch {

    /** A page of results: documents in the order the API gave them, and totalCount if asked. */
    record Page(List<Doc> docs, Integer totalCount, boolean hasNextPage, String endCursor) {
    }

    private final GraphQLClient client = GraphQLClient.anonymous();

    /** The first page of a search, with its totalCount. */
    Page first(String query, int size) {
        return page("search/judged-search", query, size, null);
    }

    /**
     * The documents of {@code wanted} that paging the search (pages of 100, at most {@code maxPages})
     * does not reach. Paging stops once all are reached: documents matching only some words may
     * follow them, thousands for a frequent word.
     */
    Set<Doc> unreached(String query, Set<Doc> wanted, int maxPages) {
        Set<Doc> missing = new LinkedHashSet<>(wanted);
        String after = null;
        for (int page = 0; page < maxPages && !missing.isEmpty(); page++) {
            Page next = page("search/judged-search-page", query, 100, after);
            next.docs().forEach(missing::remove);
            if (!next.hasNextPage()) {
                break;
            }
            after = next.endCursor();
        }
        return missing;
    }

    private Page page(String document, String query, int size, String after) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("query", query);
        variables.put("first", size);
        if (after != null) {
            variables.put("after", after);
        }
        GraphQLResponse response = client.execute(document, variables);
        List<Map<String, Object>> edges = response.data("search.edges");
        List<Doc> docs = new ArrayList<>();
        for (Map<String, Object> edge : edges) {
            @SuppressWarnings("unchecked")
            String id = (String) ((Map<String, Object>) edge.get("node")).get("id");
            docs.add(new Doc(Type.valueOf((String) edge.get("type")), numericKey(id)));
        }
        return new Page(docs, response.data("search.totalCount"), Boolean.TRUE.equals(response.data("search.pageInfo.hasNextPage")),
                response.data("search.pageInfo.endCursor"));
    }

    private static long numericKey(String globalId) {
        String decoded = new String(Base64.getUrlDecoder().decode(globalId), StandardCharsets.UTF_8);
        return Long.parseLong(decoded.substring(decoded.indexOf(':') + 1));
    }

    /** The words of a query as the tests split them: at white space. */
    static List<String> words(String query) {
        return List.of(query.trim().split("\\s+"));
    }

    /**
     * Published articles, their statements and speakers whose search vector holds every word of
     * the query, each word normalised by {@code search_normalize}; with {@code lastIsPrefix} the
     * last word also matches the words it starts (as {@code search_query} reads a query).
     */
    static Set<Doc> allWordsMatches(DataSource dataSource, String query, boolean lastIsPrefix) throws SQLException {
        String sql = """
                with typed as (select w, o, cardinality(?::text[]) as n from unnest(?::text[]) with ordinality as u(w, o)),
                q as materialized (
                    select array_agg(case when ? and o = n
                        then cast(cast(plainto_tsquery('simple', search_normalize(w)) as text) || ':*' as tsquery)
                        else plainto_tsquery('simple', search_normalize(w)) end) as words
                    from typed)
                select 'ARTICLE', a.id from article a
                where a.status = 'PUBLISHED' and (a.embargo_until is null or a.embargo_until <= now())
                  and not exists (select 1 from unnest((select words from q)) as t(word) where not a.search_vector @@ t.word)
                union all
                select 'STATEMENT', s.id from statement s join article a on a.id = s.article_id
                where a.status = 'PUBLISHED' and (a.embargo_until is null or a.embargo_until <= now())
                  and not exists (select 1 from unnest((select words from q)) as t(word) where not s.search_vector @@ t.word)
                union all
                select 'SPEAKER', sp.id from speaker sp
                where not exists (select 1 from unnest((select words from q)) as t(word) where not sp.search_vector @@ t.word)
                """;
        Set<Doc> docs = new LinkedHashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Object[] words = words(query).toArray();
            statement.setArray(1, connection.createArrayOf("text", words));
            statement.setArray(2, connection.createArrayOf("text", words));
            statement.setBoolean(3, lastIsPrefix);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    docs.add(new Doc(Type.valueOf(rows.getString(1)), rows.getLong(2)));
                }
            }
        }
        return docs;
    }
}
