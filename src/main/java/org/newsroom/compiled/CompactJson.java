package org.newsroom.compiled;

import java.util.Arrays;
import java.util.List;

/**
 * A statement's JSON as SmallRye would write it, without a parser: PostgreSQL writes the same
 * tokens with spaces and line breaks between them ({@code "a" : 1, "b" : [1,} line break {@code 2]}),
 * and escapes strings as Jackson does, except control characters written as a backslash, a u and
 * four hexadecimal digits (PostgreSQL in lower case, Jackson in upper); integers are the same, but
 * Jackson writes a fraction or an exponent as BigDecimal does ({@code 1E+20}, {@code 1E-7}). So
 * whitespace outside strings is dropped in one pass over the bytes, and the rare document with
 * such an escape or number goes through Jackson instead. A GET's ETag is computed over this, so it
 * is the interpreter's for the same data.
 */
final class CompactJson {

    private CompactJson() {
    }

    static byte[] of(byte[] json) {
        byte[] compact = new byte[json.length];
        int length = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    if (i + 1 == json.length || json[i + 1] == 'u') {
                        return ComputedFields.apply(json, List.of(), null);
                    }
                    compact[length++] = b;
                    b = json[++i];
                } else if (b == '"') {
                    inString = false;
                }
                compact[length++] = b;
            } else if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                if (b == '.' || (b == 'e' || b == 'E') && length > 0 && compact[length - 1] >= '0'
                        && compact[length - 1] <= '9') {
                    return ComputedFields.apply(json, List.of(), null);
                }
                inString = b == '"';
                compact[length++] = b;
            }
        }
        return length == json.length ? compact : Arrays.copyOf(compact, length);
    }
}
