package org.newsroom.article;

import org.eclipse.microprofile.graphql.Description;

@Description("Writing direction of a text, for the HTML dir attribute.")
public enum TextDirection {
    LTR, RTL
}
