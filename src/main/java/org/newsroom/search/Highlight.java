package org.newsroom.search;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Highlight")
@Description("Where a search matched one field of a result. Offsets count UTF-16 code units of the field's "
        + "original text (as JavaScript does), so an RTL page can mark them in the text it shows.")
public record Highlight(
        @NonNull SearchField field,
        @NonNull @Description("A passage of the field around the first match (the whole field when it is short).")
        String snippet,
        @NonNull @Description("Where the snippet starts in the field: field.slice(snippetStart, snippetStart + "
                + "snippet.length) == snippet.") int snippetStart,
        @NonNull @Description("Every match in the field, in field offsets, in order; subtract snippetStart to "
                + "mark them in the snippet.") List<@NonNull TextRange> matches) {
}
