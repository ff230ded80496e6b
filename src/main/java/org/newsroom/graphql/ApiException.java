package org.newsroom.graphql;

/**
 * An error a client can act on: its message is meant for people and goes out as is, its code
 * goes to {@code extensions.code}. Anything else thrown by a resolver is reported as an internal
 * error without details.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static ApiException badInput(String message) {
        return new ApiException(ErrorCode.BAD_USER_INPUT, message);
    }

    public ErrorCode code() {
        return code;
    }
}
