package org.newsroom.search;

import org.eclipse.microprofile.graphql.Description;

@Description("What a search result is.")
public enum SearchResultType {
    ARTICLE, STATEMENT, SPEAKER
}
