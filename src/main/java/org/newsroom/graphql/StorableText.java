package org.newsroom.graphql;

import java.util.List;
import java.util.Map;

import graphql.TrivialDataFetcher;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;

/**
 * Refuses text arguments that cannot be stored exactly as sent, before any resolver runs: a lone
 * UTF-16 surrogate (the JDBC driver's UTF-8 encoder writes {@code ?} in its place) and NUL
 * (PostgreSQL's text cannot hold U+0000). Every string in every argument of every field is
 * checked, whether it came from the variables or from the document, at any depth of an input
 * object or list; the client gets {@code BAD_USER_INPUT} with
 * {@code extensions.violations = [{path, message}]}, the path starting at the argument's name
 * (e.g. {@code input.headline}, {@code input.countries[2]}), as {@link InputValidation} reports.
 */
public final class StorableText extends SimplePerformantInstrumentation {

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        // getters of API objects take no arguments: only resolvers are wrapped
        if (parameters.isTrivialDataFetcher() || fetcher instanceof TrivialDataFetcher<?>) {
            return fetcher;
        }
        return environment -> {
            Map<String, Object> arguments = environment.getArguments();
            if (!arguments.isEmpty()) {
                InputValidation.Violations violations = new InputValidation.Violations();
                arguments.forEach((name, value) -> collect(name, value, violations));
                violations.throwIfAny();
            }
            return fetcher.get(environment);
        };
    }

    private static void collect(String path, Object value, InputValidation.Violations violations) {
        if (value instanceof CharSequence text) {
            String problem = problem(text);
            if (problem != null) {
                violations.add(path, problem);
            }
        } else if (value instanceof Map<?, ?> object) {
            object.forEach((key, field) -> collect(path + "." + key, field, violations));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(path + "[" + i + "]", list.get(i), violations);
            }
        }
    }

    /** Why this text cannot be stored as it is, or null when it can. */
    public static String problem(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "must not contain the NUL character (U+0000, at UTF-16 offset " + i + ")";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("must not contain a lone UTF-16 surrogate (U+%04X at UTF-16 offset %d): "
                        + "send characters outside the Basic Multilingual Plane as a whole surrogate pair", (int) c, i);
            }
        }
        return null;
    }

    /** Whether a cut of this text at this UTF-16 offset would separate the two halves of a surrogate pair. */
    public static boolean splitsSurrogatePair(String text, int offset) {
        return offset > 0 && offset < text.length() && Character.isHighSurrogate(text.charAt(offset - 1))
                && Character.isLowSurrogate(text.charAt(offset));
    }
}
