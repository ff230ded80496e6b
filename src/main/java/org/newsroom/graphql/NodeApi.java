package org.newsroom.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
public class NodeApi {

    @Query("node")
    @Description("Any object by its global ID; null when there is none or it is not public.")
    public Node node(@NonNull @Id @Name("id") String id) {
        throw SchemaOnly.readByTheEngine("Query.node");
    }

    @Query("nodes")
    @Description("Objects by global ID, in the order asked for (at most 100); null where there is none. "
            + "The IDs are typed String here (a SmallRye GraphQL limitation on lists of ID arguments).")
    public @NonNull List<Node> nodes(@NonNull @Name("ids") @Description("Global IDs, as node(id:) takes them.") List<@NonNull String> ids) {
        throw SchemaOnly.readByTheEngine("Query.nodes");
    }

    /** nodes(ids) takes at most a page of IDs (BAD_USER_INPUT). */
    public static void requireAtMostAPage(List<?> ids) {
        if (ids.size() > PageArgs.MAX_PAGE_SIZE) {
            throw ApiException.badInput("'ids' has " + ids.size() + " IDs; ask for at most "
                    + PageArgs.MAX_PAGE_SIZE + " at a time.");
        }
    }

    /** A global ID of one of these types (BAD_USER_INPUT for anything else): what node(id) and nodes(ids) take. */
    public static GlobalId requireNodeId(String id, Predicate<String> nodeType) {
        GlobalId globalId = GlobalId.parse(id);
        if (!nodeType.test(globalId.type())) {
            throw ApiException.badInput("'" + id + "' is not a valid ID: use an id returned by this API.");
        }
        return globalId;
    }

    /**
     * The IDs node(id) and nodes(ids) take, as they are loaded: each a global ID of a node type
     * ({@link #requireNodeId}), then type by type in the order first asked for, each key as its
     * loader reads it: a number, but for the types keyed otherwise (BAD_USER_INPUT for the first
     * that is not).
     */
    public static Map<String, List<GlobalId>> requireNodeIds(List<String> ids, Predicate<String> nodeType,
            Predicate<String> keyedByNumber) {
        Map<String, List<GlobalId>> byType = new LinkedHashMap<>();
        for (String id : ids) {
            GlobalId globalId = requireNodeId(id, nodeType);
            byType.computeIfAbsent(globalId.type(), type -> new ArrayList<>()).add(globalId);
        }
        byType.forEach((type, typeIds) -> {
            if (keyedByNumber.test(type)) {
                typeIds.forEach(GlobalId::numericKey);
            }
        });
        return byType;
    }
}
