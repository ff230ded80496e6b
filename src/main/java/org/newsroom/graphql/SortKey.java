package org.newsroom.graphql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** One column of a keyset ordering: an SQL expression that is never null, and its type. */
public record SortKey(String expression, Type type) {

    public enum Type {
        LONG, INT, TEXT, TIMESTAMP,
        /** A double precision expression, e.g. a relevance score; cursors carry it exactly. */
        DOUBLE
    }

    public static SortKey of(String expression, Type type) {
        return new SortKey(expression, type);
    }

    String toCursorValue(Object value) {
        return switch (type) {
            case TIMESTAMP -> Rows.instant(value).toString();
            case DOUBLE -> Double.toString(((Number) value).doubleValue());
            default -> value.toString();
        };
    }

    Object toParameter(String cursorValue) {
        try {
            return switch (type) {
                case LONG -> Long.parseLong(cursorValue);
                case INT -> Integer.parseInt(cursorValue);
                case TEXT -> cursorValue;
                case TIMESTAMP -> OffsetDateTime.ofInstant(Instant.parse(cursorValue), ZoneOffset.UTC);
                case DOUBLE -> Double.parseDouble(cursorValue);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException.badInput("A cursor holds a value that does not fit its ordering; "
                    + "pass a cursor exactly as this connection returned it.");
        }
    }
}
