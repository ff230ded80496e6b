package org.newsroom.search;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("TextRange")
@Description("A stretch of a text, in UTF-16 code units from 0 as JavaScript counts: text.slice(start, end).")
public record TextRange(@NonNull int start, @NonNull int end) {
}
