package org.newsroom.syndication;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.article.Article;
import org.newsroom.graphql.JsonScalar;

import io.quarkus.security.identity.SecurityIdentity;

@GraphQLApi
@Transactional
public class NinjsApi {

    @Inject
    NinjsRenderer renderer;

    @Inject
    NinjsAccess access;

    @Inject
    Instance<SecurityIdentity> identity;

    @Name("ninjs")
    @Description("The article as an IPTC ninjs 2.2 document (JSON), as GET /syndication/ninjs/{id} serves it. "
            + "Null for readers unless the article is public and its rights allow syndication, and for partners "
            + "unless they are entitled to it.")
    public List<JsonScalar> ninjs(@Source List<Article> articles) {
        Instant now = Instant.now();
        SecurityIdentity caller = identity.get();
        List<Article> allowed = access.readable(caller, articles, now);
        List<NinjsDocument> documents = renderer.render(allowed, now);
        List<JsonScalar> result = new ArrayList<>(articles.size());
        int next = 0;
        for (Article article : articles) {
            boolean rendered = next < allowed.size() && allowed.get(next) == article;
            result.add(rendered ? documents.get(next++).asScalar() : null);
        }
        return result;
    }
}
