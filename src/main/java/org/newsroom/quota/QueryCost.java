package org.newsroom.quota;

import java.util.Collection;
import java.util.List;

import org.newsroom.graphql.PageArgs;

import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/**
 * The cost of an operation before it runs: about how many objects it may return, in the manner of
 * GitHub's node limit.
 * <ul>
 * <li>a connection field ({@code ...Connection} with {@code first}/{@code last}) returns up to
 * {@code first} (or {@code last}, else the default page size) objects, and everything selected in
 * it is multiplied by that number;</li>
 * <li>the connection's own wrappers ({@code edges}, {@code node}, {@code nodes}, {@code pageInfo},
 * {@code totalCount}) cost nothing by themselves;</li>
 * <li>any other field returning an object counts 1 per parent ({@code nodes(ids:)} one per ID,
 * {@code _entities(representations:)} one per representation);</li>
 * <li>scalars, enums and introspection are free; every operation costs at least 1.</li>
 * </ul>
 * Variables and fragments are resolved first (graphql-java's normalized operation), so the cost is
 * that of what would really run. Page sizes above the maximum count as the maximum: the resolver
 * refuses them with its own message.
 */
public final class QueryCost {

    private QueryCost() {
    }

    public static long of(ExecutableNormalizedOperation operation, GraphQLSchema schema) {
        long total = sum(operation.getTopLevelFields(), 1, schema);
        return Math.max(1, total);
    }

    private static long sum(Collection<ExecutableNormalizedField> fields, long multiplier, GraphQLSchema schema) {
        long total = 0;
        for (ExecutableNormalizedField field : fields) {
            total = saturatedAdd(total, cost(field, multiplier, schema));
        }
        return total;
    }

    private static long cost(ExecutableNormalizedField field, long multiplier, GraphQLSchema schema) {
        if (field.getName().startsWith("__") || !field.hasChildren()) {
            return 0;
        }
        if (insideConnection(field)) {
            return sum(field.getChildren(), multiplier, schema);
        }
        long count = isConnection(field, schema) ? pageSize(field) : listSize(field);
        long returned = saturatedMultiply(multiplier, count);
        return saturatedAdd(returned, sum(field.getChildren(), returned, schema));
    }

    /** Fields of a connection or of one of its edges: the page's wrappers, not objects of their own. */
    private static boolean insideConnection(ExecutableNormalizedField field) {
        for (String parentType : field.getObjectTypeNames()) {
            if (parentType.endsWith("Connection") || parentType.endsWith("Edge")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnection(ExecutableNormalizedField field, GraphQLSchema schema) {
        List<GraphQLFieldDefinition> definitions = field.getFieldDefinitions(schema);
        if (definitions.isEmpty()) {
            return false;
        }
        GraphQLFieldDefinition definition = definitions.get(0);
        GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
        return type instanceof GraphQLObjectType object && object.getName().endsWith("Connection")
                && (definition.getArgument("first") != null || definition.getArgument("last") != null);
    }

    private static long pageSize(ExecutableNormalizedField field) {
        Object first = field.getResolvedArguments().get("first");
        Object last = field.getResolvedArguments().get("last");
        Object size = first != null ? first : last;
        if (!(size instanceof Number number)) {
            return PageArgs.DEFAULT_PAGE_SIZE;
        }
        return Math.max(0, Math.min(number.longValue(), PageArgs.MAX_PAGE_SIZE));
    }

    private static long listSize(ExecutableNormalizedField field) {
        Object ids = field.getResolvedArguments().get("ids");
        if (ids instanceof Collection<?> list) {
            return Math.min(list.size(), PageArgs.MAX_PAGE_SIZE);
        }
        // a gateway's batch of references (Apollo Federation): as many objects as references
        Object representations = field.getResolvedArguments().get("representations");
        if (representations instanceof Collection<?> list) {
            return list.size();
        }
        return 1;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return (high != 0 || product < 0) ? Long.MAX_VALUE : product;
    }
}
