package org.newsroom.compiled;

/**
 * The operation (or this request of it) cannot be planned: a document or variables SmallRye
 * refuses before anything runs ({@link #notARead}), which SmallRye's route answers with its own
 * errors; otherwise a read the engine does not plan, a defect answered with an internal error.
 * It carries no stack trace: its reason says where it was thrown.
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

    /** Whether a read the engine failed to plan (not a document SmallRye refuses). */
    boolean read() {
        return read;
    }

    /**
     * Not to be planned until something the service reads once is in memory (the country catalog,
     * which the database did not give): the next request of the same shape is planned again.
     */
    static NotCompilable forNow(String reason) {
        return new NotCompilable(reason, true, true);
    }

    /** Whether the refusal holds only until the service has read what it lacked (not to be kept with the plan). */
    boolean forNow() {
        return forNow;
    }
}
