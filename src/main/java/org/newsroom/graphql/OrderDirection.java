package org.newsroom.graphql;

public enum OrderDirection {
    ASC, DESC;

    public boolean descending() {
        return this == DESC;
    }
}
