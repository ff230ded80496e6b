package org.newsroom.graphql;

import java.util.Map;

/**
 * An error a client can act on: its message is meant for people and goes out as is, its code
 * goes to {@code extensions.code}. Anything else thrown by a resolver is reported as an internal
 * error without details.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, Object> extensions;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    /** With more {@code extensions} beside the code, e.g. the current version of a CONFLICT. */
    public ApiException(ErrorCode code, String message, Map<String, Object> extensions) {
        super(message, null, false, false);
        this.code = code;
        this.extensions = Map.copyOf(extensions);
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public static ApiException badInput(String message) {
        return new ApiException(ErrorCode.BAD_USER_INPUT, message);
    }

    public ErrorCode code() {
        return code;
    }
}
