package org.newsroom.websocket;

/**
 * The two GraphQL-over-WebSocket protocols: their names for the same messages, and how a result
 * without data (a refused or invalid operation) is told.
 */
enum SubProtocol {

    /** The current protocol (the graphql-ws library): a result without data is an {@code error} message. */
    GRAPHQL_TRANSPORT_WS("graphql-transport-ws", "subscribe", "complete", "next", "ping"),

    /**
     * The older Apollo protocol (subscriptions-transport-ws): every answer, errors included, is a
     * {@code data} message with the body an HTTP response would have.
     */
    GRAPHQL_WS("graphql-ws", "start", "stop", "data", "ka");

    final String name;
    final String start;
    final String stop;
    final String result;
    final String keepAlive;

    SubProtocol(String name, String start, String stop, String result, String keepAlive) {
        this.name = name;
        this.start = start;
        this.stop = stop;
        this.result = result;
        this.keepAlive = keepAlive;
    }

    static SubProtocol named(String name) {
        for (SubProtocol protocol : values()) {
            if (protocol.name.equals(name)) {
                return protocol;
            }
        }
        return null;
    }
}
