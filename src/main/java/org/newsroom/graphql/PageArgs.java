package org.newsroom.graphql;

/**
 * The Relay pagination arguments of one connection field, checked once: {@code first}/{@code after}
 * page forward, {@code last}/{@code before} page backward.
 */
public record PageArgs(Integer first, String after, Integer last, String before) {

    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_PAGE_SIZE = 20;

    public PageArgs {
        if (first != null && last != null) {
            throw ApiException.badInput("Pass either 'first' or 'last', not both.");
        }
        checkSize("first", first);
        checkSize("last", last);
    }

    public boolean backward() {
        return last != null || (first == null && before != null);
    }

    public int size() {
        if (first != null) {
            return first;
        }
        return last != null ? last : DEFAULT_PAGE_SIZE;
    }

    private static void checkSize(String name, Integer size) {
        if (size == null) {
            return;
        }
        if (size < 0) {
            throw ApiException.badInput("'" + name + "' must not be negative; it was " + size + ".");
        }
        if (size > MAX_PAGE_SIZE) {
            throw ApiException.badInput("'" + name + "' is " + size + ", above the maximum page size of "
                    + MAX_PAGE_SIZE + "; page through the results with cursors instead.");
        }
    }
}
