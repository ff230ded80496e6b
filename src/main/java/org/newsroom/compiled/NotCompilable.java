package org.newsroom.compiled;

/**
 * The operation (or this request of it) is not for the compiled path: the interpreter answers it.
 * Common and expected, so it carries no stack trace.
 */
final class NotCompilable extends RuntimeException {

    NotCompilable(String reason) {
        super(reason, null, false, false);
    }
}
