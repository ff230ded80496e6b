package org.newsroom.statement;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.newsroom.graphql.OrderDirection;

@Input("StatementOrder")
public class StatementOrder {

    public StatementOrderField field = StatementOrderField.PUBLISHED_AT;

    public OrderDirection direction = OrderDirection.DESC;

    public enum StatementOrderField {
        @Description("When the article that reports the statement was first published.")
        PUBLISHED_AT
    }
}
