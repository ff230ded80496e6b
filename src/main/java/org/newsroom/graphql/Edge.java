package org.newsroom.graphql;

/** One node of a page and the keyset cursor that points at it. */
public record Edge<T>(String cursor, T node) {
}
