package org.newsroom.compiled;

/**
 * The operation (or this request of it) is not for the compiled path: the interpreter answers it.
 * Common and expected, so it carries no stack trace.
 */
final class NotCompilable extends RuntimeException {

    private final boolean forNow;
    private final boolean read;

    NotCompilable(String reason) {
        this(reason, false, true);
    }

    private NotCompilable(String reason, boolean forNow, boolean read) {
        super(reason, null, false, false);
        this.forNow = forNow;
        this.read = read;
    }

    /**
     * Not a read at all: a document the interpreter refuses before any resolver runs (invalid, over
     * a limit, variables that do not fit) or a mutation's write.
     */
    static NotCompilable notARead(String reason) {
        return new NotCompilable(reason, false, false);
    }

    /** Whether a read is left to the interpreter's resolvers (counted by InterpretedReads). */
    boolean read() {
        return read;
    }

    /**
     * Not for the compiled path until something the service reads once is in memory (the country
     * catalog): the next request of the same shape is compiled again rather than declined as this one.
     */
    static NotCompilable forNow(String reason) {
        return new NotCompilable(reason, true, true);
    }

    /** Whether the refusal holds only until the service has read what it lacked (not to be kept with the plan). */
    boolean forNow() {
        return forNow;
    }
}
