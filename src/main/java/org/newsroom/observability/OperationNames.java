package org.newsroom.observability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns the operation name a client sent into a metric tag value with bounded cardinality:
 * the first {@code max} distinct valid names are kept, later ones become {@value #OTHER}.
 */
final class OperationNames {

    static final String ANONYMOUS = "_anonymous";
    static final String OTHER = "_other";
    static final String INVALID = "_invalid";

    /** A GraphQL name, of a length a person would write. */
    private static final Pattern NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]{0,99}");

    private final int max;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    OperationNames(int max) {
        this.max = max;
    }

    String tag(String operationName) {
        if (operationName == null || operationName.isEmpty()) {
            return ANONYMOUS;
        }
        if (!NAME.matcher(operationName).matches()) {
            return INVALID;
        }
        if (known.contains(operationName)) {
            return operationName;
        }
        synchronized (known) {
            if (known.size() < max) {
                known.add(operationName);
                return operationName;
            }
        }
        return known.contains(operationName) ? operationName : OTHER;
    }
}
