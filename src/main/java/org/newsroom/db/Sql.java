package org.newsroom.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A piece of SQL, immutable, made of three kinds of parts: text the code owns (constants and what
 * the code writes from its own names, never a value from a request), identifiers checked as such,
 * and values, which are always bind parameters. Pieces compose by concatenation and joining;
 * {@link #render()} writes the statement once, numbering the parameters in the order they appear.
 *
 * The statement's marks are PostgreSQL's own ({@code $1, $2, ...}); JDBC's ({@code ?}) are written
 * alongside in the same pass, for a client that needs them.
 */
public final class Sql {


    public static final Sql EMPTY = new Sql(new Object[0]);

    /** Each part a String (text the code owns) or a {@link Parameter}. */
    private final Object[] parts;

    private Sql(Object[] parts) {
        this.parts = parts;
    }

    /** A value that becomes one bind parameter wherever it is written. */
    private record Parameter(Object value) {
    }

    /**
     * A parameter whose value is known only when the statement runs (a statement can be written
     * once and run for many callers): bound by {@link Statement#parameters(Function)}.
     */
    public static final class Placeholder {

        private final String description;

        public Placeholder(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return "(" + description + ")";
        }
    }

    /** SQL text the code owns: a constant, or written by the code from its own names. Never a request's value. */
    public static Sql text(String codeOwned) {
        return codeOwned.isEmpty() ? EMPTY : new Sql(new Object[] {codeOwned});
    }

    /** An alias or column name the code generated: lower-case letters, digits and underscores. */
    public static Sql identifier(String name) {
        if (!isIdentifier(name)) {
            throw new IllegalArgumentException("not an identifier: " + name);
        }
        return new Sql(new Object[] {name});
    }

    /** A value as a bind parameter, or a {@link Placeholder} bound when the statement runs. */
    public static Sql value(Object value) {
        return new Sql(new Object[] {new Parameter(value)});
    }

    /** A number the code checked, as a literal (the planner sees it, as it sees a page size). */
    public static Sql integer(long value) {
        return new Sql(new Object[] {Long.toString(value)});
    }

    /**
     * A string literal of a word: letters, digits, {@code _} and {@code ~} (a GraphQL name, a key the
     * code marks), nothing a literal would have to escape.
     */
    public static Sql wordLiteral(String word) {
        if (!isWord(word)) {
            throw new IllegalArgumentException("not a word: " + word);
        }
        return new Sql(new Object[] {"'" + word + "'"});
    }

    // Checked character by character, not with a regular expression: a compiled operation with
    // variables checks its identifiers on every request.

    /** {@code [a-z_][a-z0-9_]*} */
    private static boolean isIdentifier(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** {@code [~_0-9A-Za-z]+} */
    private static boolean isWord(String word) {
        if (word.isEmpty()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '~';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** The pieces one after another. */
    public static Sql concat(Sql... pieces) {
        return concat(Arrays.asList(pieces));
    }

    private static Sql concat(List<Sql> pieces) {
        int size = 0;
        for (Sql piece : pieces) {
            size += piece.parts.length;
        }
        Object[] parts = new Object[size];
        int at = 0;
        for (Sql piece : pieces) {
            System.arraycopy(piece.parts, 0, parts, at, piece.parts.length);
            at += piece.parts.length;
        }
        return new Sql(parts);
    }

    /** The pieces with {@code separator} (text the code owns) between each two. */
    public static Sql join(Collection<Sql> pieces, String separator) {
        List<Sql> joined = new ArrayList<>(pieces.size() * 2);
        Sql between = text(separator);
        for (Sql piece : pieces) {
            if (!joined.isEmpty()) {
                joined.add(between);
            }
            joined.add(piece);
        }
        return concat(joined);
    }

    /** This piece, then {@code next}. */
    public Sql then(Sql next) {
        return concat(this, next);
    }

    /** This piece, then text the code owns. */
    public Sql then(String codeOwned) {
        return concat(this, text(codeOwned));
    }

    /** The statement text and its parameters in order. */
    public Statement render() {
        int length = 16;
        int parameters = 0;
        for (Object part : parts) {
            if (part instanceof String text) {
                length += text.length();
            } else {
                parameters++;
                length += 4;
            }
        }
        StringBuilder numbered = new StringBuilder(length);
        StringBuilder marked = new StringBuilder(length);
        List<Object> values = new ArrayList<>(parameters);
        for (Object part : parts) {
            if (part instanceof String text) {
                numbered.append(text);
                marked.append(text);
            } else {
                values.add(((Parameter) part).value());
                numbered.append('$').append(values.size());
                marked.append('?');
            }
        }
        return new Statement(numbered.toString(), marked.toString(), values);
    }

    /** The statement as {@link #render()} writes it; parameters appear as {@code $n}. */
    @Override
    public String toString() {
        return render().text();
    }

    /**
     * A rendered statement: {@code text} with PostgreSQL's marks, {@code jdbcText} the same with
     * JDBC's, {@code values} in mark order (a {@link Placeholder} where one stands).
     */
    public record Statement(String text, String jdbcText, List<Object> values) {

        /**
         * A placeholder's value that is SQL's null on purpose (a binding that gives Java's null has
         * no value, an error).
         */
        public static final Object NULL = new Object() {
            @Override
            public String toString() {
                return "SQL null";
            }
        };

        public Statement {
            values = Collections.unmodifiableList(new ArrayList<>(values)); // a value may be null
        }

        /**
         * The parameters with each placeholder bound to what {@code bindings} gives it; an error if one
         * is needed and has no value.
         */
        public List<Object> parameters(Function<Placeholder, Object> bindings) {
            List<Object> bound = null;
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) instanceof Placeholder placeholder) {
                    Object value = bindings.apply(placeholder);
                    if (value == null) {
                        throw new IllegalStateException("no value for " + placeholder);
                    }
                    if (bound == null) {
                        bound = new ArrayList<>(values);
                    }
                    bound.set(i, value == NULL ? null : value);
                }
            }
            return bound == null ? values : bound;
        }
    }

    /**
     * Accumulates pieces left to right, for a statement written in one pass (a compiler walking a
     * document); {@link #build()} gives the piece written so far.
     */
    public static final class Builder {

        private final List<Object> parts = new ArrayList<>(512);

        public Builder append(Sql piece) {
            parts.addAll(Arrays.asList(piece.parts));
            return this;
        }

        /** Text the code owns. */
        public Builder text(String codeOwned) {
            if (!codeOwned.isEmpty()) {
                parts.add(codeOwned);
            }
            return this;
        }

        /** A bind parameter. */
        public Builder value(Object value) {
            parts.add(new Parameter(value));
            return this;
        }

        /** A checked number as a literal. */
        public Builder integer(long value) {
            parts.add(Long.toString(value));
            return this;
        }

        public Sql build() {
            return new Sql(parts.toArray());
        }
    }

    public static Builder builder() {
        return new Builder();
    }
}
