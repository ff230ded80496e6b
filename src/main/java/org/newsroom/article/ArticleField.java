package org.newsroom.article;

import org.eclipse.microprofile.graphql.Description;

@Description("An article field the original text lacked and the editors added.")
public enum ArticleField {
    HEADLINE, FIRST_PUBLISHED_AT
}
