package org.newsroom.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("Where a page sits in its connection (Relay cursor connections).")
public record PageInfo(
        @NonNull boolean hasPreviousPage,
        @NonNull boolean hasNextPage,
        @Description("Cursor of the first edge of this page; null when the page is empty.") String startCursor,
        @Description("Cursor of the last edge of this page; null when the page is empty.") String endCursor) {
}
