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

    public static Visibility byId(boolean editor) {
        return editor ? ALL : PUBLISHED_OR_WITHDRAWN;
    }

    /**
     * An article another subgraph refers to (Apollo Federation): readers see it only while it is
     * published. A newsletter or comment service keeps its references after a withdrawal; through
     * them a withdrawn article is null, as in every list.
     */
    public static Visibility byReference(boolean editor) {
        return editor ? ALL : PUBLISHED;
    }
}
