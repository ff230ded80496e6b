package org.newsroom.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.newsroom.testing.GraphQLClient.GraphQLResponse;

/**
 * Walks a connection page by page, forwards or backwards, and checks each page's pageInfo on the
 * way. The document must take first/after/last/before and return the connection at {@code path}
 * with edges { cursor node { id } } and pageInfo.
 */
public final class Pages {

    private Pages() {
    }

    public static List<String> forward(String document, String path, Map<String, Object> variables, int size) {
        List<String> ids = new ArrayList<>();
        String after = null;
        boolean first = true;
        while (true) {
            Map<String, Object> page = new HashMap<>(variables);
            page.put("first", size);
            page.put("after", after);
            GraphQLResponse response = GraphQLClient.anonymous().execute(document, page);
            List<String> pageIds = response.data(path + ".edges.node.id");
            boolean hasNext = response.data(path + ".pageInfo.hasNextPage");
            boolean hasPrevious = response.data(path + ".pageInfo.hasPreviousPage");
            check(hasPrevious == !first, "hasPreviousPage is " + hasPrevious + " on a page after " + after);
            check(pageIds.size() <= size, "page larger than asked for");
            ids.addAll(pageIds);
            if (!hasNext) {
                return ids;
            }
            check(pageIds.size() == size, "a page before the last is not full");
            after = response.data(path + ".pageInfo.endCursor");
            first = false;
        }
    }

    public static List<String> backward(String document, String path, Map<String, Object> variables, int size) {
        List<String> ids = new ArrayList<>();
        String before = null;
        boolean last = true;
        while (true) {
            Map<String, Object> page = new HashMap<>(variables);
            page.put("last", size);
            page.put("before", before);
            GraphQLResponse response = GraphQLClient.anonymous().execute(document, page);
            List<String> pageIds = new ArrayList<>(response.<List<String>>data(path + ".edges.node.id"));
            boolean hasNext = response.data(path + ".pageInfo.hasNextPage");
            boolean hasPrevious = response.data(path + ".pageInfo.hasPreviousPage");
            check(hasNext == !last, "hasNextPage is " + hasNext + " on a page before " + before);
            Collections.reverse(pageIds);
            ids.addAll(pageIds);
            if (!hasPrevious) {
                Collections.reverse(ids);
                return ids;
            }
            before = response.data(path + ".pageInfo.startCursor");
            last = false;
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
