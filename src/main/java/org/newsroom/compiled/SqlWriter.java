package org.newsroom.compiled;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL text and its parameters, written left to right so that every parameter mark meets its value
 * in order: in JDBC's form ({@code ?}) and in PostgreSQL's own ({@code $1, $2, ...}), written side
 * by side because rewriting one into the other afterwards, character by character, cost a tenth
 * of a compiled answer's CPU.
 */
final class SqlWriter {

    private static final Pattern NAMED_MARK = Pattern.compile("(?<![:\\w]):([A-Za-z][A-Za-z0-9_]*)");
    private static final Pattern GRAPHQL_NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

    private final StringBuilder text = new StringBuilder(2048);
    private final StringBuilder numbered = new StringBuilder(2048);
    private final List<Object> parameters = new ArrayList<>();

    SqlWriter append(String sql) {
        text.append(sql);
        numbered.append(sql);
        return this;
    }

    SqlWriter parameter(Object value) {
        text.append('?');
        parameters.add(value);
        numbered.append('$').append(parameters.size());
        return this;
    }

    /** The calling partner's id, bound when the statement runs: a plan is cached per viewer, not per partner. */
    static final Object PARTNER_ID = new Object() {
        @Override
        public String toString() {
            return "(the calling partner's id)";
        }
    };

    /** A parameter that takes the calling partner's id at execution ({@link #bound}). */
    SqlWriter partnerId() {
        return parameter(PARTNER_ID);
    }

    /** The parameters of a statement for one request: the partner's id where the plan asks for it. */
    static List<Object> bound(List<Object> parameters, Long partnerId) {
        if (!parameters.contains(PARTNER_ID)) {
            return parameters;
        }
        if (partnerId == null) {
            throw new IllegalStateException("a partner's plan run without a partner");
        }
        List<Object> bound = new ArrayList<>(parameters);
        bound.replaceAll(value -> value == PARTNER_ID ? partnerId : value);
        return bound;
    }

    /** A number the compiler checked (a page size), as a literal. */
    SqlWriter integer(int value) {
        text.append(value);
        numbered.append(value);
        return this;
    }

    /** SQL whose {@code ?} take these values in order. */
    SqlWriter withParameters(String sql, List<Object> values) {
        String[] pieces = sql.split("\\?", -1);
        if (pieces.length != values.size() + 1) {
            throw new IllegalArgumentException(values.size() + " values for " + (pieces.length - 1) + " parameters");
        }
        append(pieces[0]);
        for (int i = 0; i < values.size(); i++) {
            parameter(values.get(i));
            append(pieces[i + 1]);
        }
        return this;
    }

    /**
     * SQL written for JPA, whose {@code :name} marks take the named values (each mark its own
     * parameter). The SQL is ours: no mark inside a string literal, {@code ::} is a cast.
     */
    SqlWriter withNamedParameters(String sql, Map<String, Object> values) {
        Matcher mark = NAMED_MARK.matcher(sql);
        int written = 0;
        while (mark.find()) {
            if (!values.containsKey(mark.group(1))) {
                throw new IllegalArgumentException("no value for :" + mark.group(1));
            }
            append(sql.substring(written, mark.start()));
            parameter(values.get(mark.group(1)));
            written = mark.end();
        }
        return append(sql.substring(written));
    }

    /** A response key (a GraphQL name or alias, so never a quote) as an SQL string literal. */
    SqlWriter name(String name) {
        if (!GRAPHQL_NAME.matcher(name).matches()) {
            throw new NotCompilable("not a GraphQL name: " + name);
        }
        return append("'").append(name).append("'");
    }

    /** The key under which a computed field's inputs wait for its step (ComputedFields). */
    SqlWriter markedName(int step, String name) {
        if (!GRAPHQL_NAME.matcher(name).matches()) {
            throw new NotCompilable("not a GraphQL name: " + name);
        }
        return append("'" + ComputedFields.MARK + step + ComputedFields.MARK + name + "'");
    }

    /** With JDBC's marks. */
    String text() {
        return text.toString();
    }

    /** With PostgreSQL's numbered marks. */
    String numberedText() {
        return numbered.toString();
    }

    List<Object> parameters() {
        return List.copyOf(parameters);
    }
}
