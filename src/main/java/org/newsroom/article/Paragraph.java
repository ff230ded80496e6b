package org.newsroom.article;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Paragraph")
@Description("A paragraph of an article's body. Statement positions count UTF-16 code units in its text, "
        + "as JavaScript strings do.")
public record Paragraph(
        @NonNull @Description("1 for the first paragraph.") int position,
        @NonNull String text) {
}
