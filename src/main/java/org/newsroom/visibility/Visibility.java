package org.newsroom.visibility;

/**
 * Who looks: readers see published articles (and withdrawn ones by ID, without text) once their
 * embargo has passed; editors see all. Each as the condition on an article aliased {@code a}.
 */
public enum Visibility {
    PUBLISHED(PublicArticles.PUBLIC),
    PUBLISHED_OR_WITHDRAWN(PublicArticles.publicOrWithdrawnCondition("a")),
    ALL("true");

    private final String condition;

    Visibility(String condition) {
        this.condition = condition;
    }

    /** The SQL condition on the article aliased {@code a}. */
    public String condition() {
        return condition;
    }
}
