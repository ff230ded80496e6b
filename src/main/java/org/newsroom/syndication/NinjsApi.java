package org.newsroom.syndication;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.article.Article;
import org.newsroom.graphql.JsonScalar;
import org.newsroom.graphql.SchemaOnly;

@GraphQLApi
public class NinjsApi {

    @Name("ninjs")
    @Description("The article as an IPTC ninjs 2.2 document (JSON), as GET /syndication/ninjs/{id} serves it. "
            + "Null for readers unless the article is public and its rights allow syndication, and for partners "
            + "unless they are entitled to it.")
    public List<JsonScalar> ninjs(@Source List<Article> articles) {
        throw SchemaOnly.readByTheEngine("Article.ninjs");
    }
}
