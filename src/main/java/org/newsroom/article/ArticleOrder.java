package org.newsroom.article;

import org.eclipse.microprofile.graphql.Input;
import org.newsroom.graphql.OrderDirection;

@Input("ArticleOrder")
public class ArticleOrder {

    public ArticleOrderField field = ArticleOrderField.FIRST_PUBLISHED_AT;

    public OrderDirection direction = OrderDirection.DESC;

    public enum ArticleOrderField {
        FIRST_PUBLISHED_AT, LAST_UPDATED_AT
    }
}
