package org.newsroom.graphql;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import jakarta.persistence.Tuple;

/** Typed reads of native query results, whatever Java type the driver chose for a column. */
public final class Rows {

    private Rows() {
    }

    public static String text(Tuple row, String alias) {
        return (String) row.get(alias);
    }

    public static long longValue(Tuple row, String alias) {
        return ((Number) row.get(alias)).longValue();
    }

    public static int intValue(Tuple row, String alias) {
        return ((Number) row.get(alias)).intValue();
    }

    public static Instant instant(Tuple row, String alias) {
        Object value = row.get(alias);
        return value == null ? null : instant(value);
    }

    public static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalArgumentException("Not a timestamp: " + value.getClass());
    }

    /** Partition keys are ids (numbers) or codes (text); numbers are normalised to Long. */
    static Object key(Object value) {
        return value instanceof Number number ? (Object) number.longValue() : value;
    }
}
