package org.newsroom.compiled;

/**
 * The operation (or this request of it) is not for the compiled path: the interpreter answers it.
 * Common and expected, so it carries no stack trace.
 */
final class NotCompilable extends RuntimeException {

    private final boolean forNow;

    NotCompilable(String reason) {
        this(reason, false);
    }

    private NotCompilable(String reason, boolean forNow) {
        super(reason, null, false, false);
        this.forNow = forNow;
    }

    /**
     * Not for the compiled path until something the service reads once is in memory (the country
     * catalog): the next request of the same shape is compiled again rather than declined as this one.
     */
    static NotCompilable forNow(String reason) {
        return new NotCompilable(reason, true);
    }

    /** Whether the refusal holds only until the service has read what it lacked (not to be kept with the plan). */
    boolean forNow() {
        return forNow;
    }
}
