package org.newsroom.search;

import org.eclipse.microprofile.graphql.Description;

@Description("The field of a search result a highlight belongs to.")
public enum SearchField {
    @Description("Article.headline")
    HEADLINE,
    @Description("Article.body")
    BODY,
    @Description("Statement.text")
    TEXT,
    @Description("Speaker.originalName")
    ORIGINAL_NAME,
    @Description("Speaker.latinName")
    LATIN_NAME
}
