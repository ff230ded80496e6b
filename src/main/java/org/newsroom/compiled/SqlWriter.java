package org.newsroom.compiled;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SQL text and its parameters, written left to right so that every parameter mark meets its value
 * in order: in JDBC's form ({@code ?}) and in PostgreSQL's own ({@code $1, $2, ...}), written side
 * by side because rewriting one into the other afterwards, character by character, cost a tenth
 * of a compiled answer's CPU.
 */
final class SqlWriter {

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

    /** A response key (a GraphQL name or alias, so never a quote) as an SQL string literal. */
    SqlWriter name(String name) {
        if (!GRAPHQL_NAME.matcher(name).matches()) {
            throw new NotCompilable("not a GraphQL name: " + name);
        }
        return append("'").append(name).append("'");
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
