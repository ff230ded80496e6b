package org.newsroom.graphql;

import java.util.HashMap;
import java.util.Map;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;

/**
 * An operation measured as it will execute, fragments expanded, without expanding them: each
 * fragment is measured once and every spread of it adds that measure. A chain of N fragments that
 * each spread the previous one twice executes 2^N fields; it is measured in N steps and refused
 * as 2^N fields. Counts saturate at {@link Long#MAX_VALUE}; {@code @skip} and {@code @include}
 * are ignored (a skipped field counts), so the measure is an upper bound.
 *
 * @param fields fields executed in the whole operation (GraphQL's complexity with every field at 1)
 * @param depth nesting of the deepest field, root fields at 1 (as graphql-java's depth limit counts)
 * @param aliases fields executed under an alias
 * @param rootFields fields directly under the operation
 * @param tooDeep the selections (fields and spreads) nest further than can be measured; refuse
 */
public record OperationMeasure(long fields, int depth, long aliases, long rootFields, boolean tooDeep) {

    /** Far beyond any depth limit, far below a thread's stack. */
    static final int MAX_NESTING = 1_000;

    /** The measure of one operation of the document, its fragments from the same document. */
    public static OperationMeasure of(Document document, OperationDefinition operation) {
        Measurer measurer = new Measurer(fragmentsByName(document));
        Selections root = measurer.measure(operation.getSelectionSet(), 0);
        return new OperationMeasure(root.fields, saturatedInt(root.depth), root.aliases, root.topFields,
                measurer.tooDeep);
    }

    /** The largest measure of the document's operations, each counted separately. */
    public static OperationMeasure ofLargest(Document document) {
        Measurer measurer = new Measurer(fragmentsByName(document));
        Selections largest = Selections.NONE;
        for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
            largest = largest.max(measurer.measure(operation.getSelectionSet(), 0));
        }
        return new OperationMeasure(largest.fields, saturatedInt(largest.depth), largest.aliases, largest.topFields,
                measurer.tooDeep);
    }

    private static Map<String, FragmentDefinition> fragmentsByName(Document document) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
            fragments.putIfAbsent(fragment.getName(), fragment);
        }
        return fragments;
    }

    private static int saturatedInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    /** What a selection set executes: its fields, their nesting below it, aliases, fields at its own level. */
    private record Selections(long fields, long depth, long aliases, long topFields) {

        static final Selections NONE = new Selections(0, 0, 0, 0);

        Selections plus(Selections other) {
            return new Selections(add(fields, other.fields), Math.max(depth, other.depth), add(aliases, other.aliases),
                    add(topFields, other.topFields));
        }

        Selections max(Selections other) {
            return new Selections(Math.max(fields, other.fields), Math.max(depth, other.depth),
                    Math.max(aliases, other.aliases), Math.max(topFields, other.topFields));
        }

        private static long add(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum; // both are never negative
        }
    }

    private static final class Measurer {

        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Selections> measured = new HashMap<>();
        /** Fragments being measured: a spread of one of them is a cycle (a validation error), counted as nothing. */
        private final Map<String, Boolean> inProgress = new HashMap<>();
        boolean tooDeep;

        Measurer(Map<String, FragmentDefinition> fragments) {
            this.fragments = fragments;
        }

        Selections measure(SelectionSet selectionSet, int nesting) {
            if (selectionSet == null) {
                return Selections.NONE;
            }
            if (nesting > MAX_NESTING) {
                tooDeep = true;
                return Selections.NONE;
            }
            Selections total = Selections.NONE;
            for (Selection<?> selection : selectionSet.getSelections()) {
                if (selection instanceof Field field) {
                    Selections below = measure(field.getSelectionSet(), nesting + 1);
                    total = total.plus(new Selections(Selections.add(1, below.fields), 1 + below.depth,
                            Selections.add(field.getAlias() == null ? 0 : 1, below.aliases), 1));
                } else if (selection instanceof InlineFragment inline) {
                    total = total.plus(measure(inline.getSelectionSet(), nesting + 1));
                } else if (selection instanceof FragmentSpread spread) {
                    total = total.plus(fragment(spread.getName(), nesting + 1));
                }
            }
            return total;
        }

        private Selections fragment(String name, int nesting) {
            Selections known = measured.get(name);
            if (known != null) {
                return known;
            }
            FragmentDefinition definition = fragments.get(name);
            if (definition == null || inProgress.containsKey(name)) {
                return Selections.NONE; // unknown fragment or a cycle: validation refuses the document
            }
            inProgress.put(name, Boolean.TRUE);
            Selections measure = measure(definition.getSelectionSet(), nesting);
            inProgress.remove(name);
            if (!tooDeep) {
                measured.put(name, measure);
            }
            return measure;
        }
    }
}
