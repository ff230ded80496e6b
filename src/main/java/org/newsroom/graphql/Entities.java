package org.newsroom.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.schema.GraphQLSchema;

/**
 * Apollo Federation: a gateway that composed this service into a supergraph asks for the objects
 * other subgraphs refer to by sending their keys, all those of one type in one batch
 * ({@code _entities(representations:)}, declared by each feature's {@code @Resolver} and answered
 * by the read engine). A batch is answered in the order the keys came, with null where the viewer
 * may not see the object: exactly what {@code nodes(ids:)} does.
 */
public final class Entities {

    /** More keys of one type than this in one request are refused (ten pages of a connection). */
    public static final int MAX_BATCH = 10 * PageArgs.MAX_PAGE_SIZE;

    private Entities() {
    }

    /**
     * Refuses a gateway's representations as the resolvers of {@code _entities} refuse them: each
     * as EntityRepresentations checks it, then each type's batch size, then each global ID for
     * its type (the read engine plans the batch, and asks this first).
     *
     * @throws ApiException BAD_USER_INPUT, with the first refusal's message
     */
    public static void requireRepresentations(List<?> representations, GraphQLSchema schema) {
        Map<String, Integer> perType = new LinkedHashMap<>();
        for (int i = 0; i < representations.size(); i++) {
            String type = EntityRepresentations.check(i, representations.get(i), schema);
            perType.merge(type, 1, Integer::sum);
        }
        perType.forEach(Entities::requireBatchSize);
        for (Object representation : representations) {
            Map<?, ?> fields = (Map<?, ?>) representation;
            String type = (String) fields.get("__typename");
            if (!type.equals("Country")) {
                requireIdOf(type, (String) fields.get("id"));
            }
        }
    }

    private static GlobalId requireIdOf(String type, String id) {
        GlobalId globalId = GlobalId.parse(id);
        if (!globalId.type().equals(type)) {
            throw ApiException.badInput("The " + type + " representation '" + id + "' names a " + globalId.type()
                    + ": use the id of a " + type + " returned by this API.");
        }
        globalId.numericKey(); // a malformed key is bad input, as in node(id:)
        return globalId;
    }

    public static void requireBatchSize(String type, int size) {
        if (size > MAX_BATCH) {
            throw ApiException.badInput("A batch of " + size + " " + type + " representations is too large; "
                    + "a gateway may ask for at most " + MAX_BATCH + " at a time.");
        }
    }
}
