package org.newsroom.article;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.newsroom.auth.Caller;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.NodeLoader;
import org.newsroom.visibility.Visibility;

@ApplicationScoped
public class ArticleNodes implements NodeLoader {

    @Inject
    ArticleQueries queries;

    @Inject
    Caller caller;

    @Override
    public String type() {
        return Article.TYPE;
    }

    @Override
    public Map<String, Article> load(Collection<GlobalId> ids) {
        return queries.byIds(ids.stream().map(GlobalId::numericKey).toList(),
                Visibility.byId(caller.isEditor())).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().toString(), Map.Entry::getValue));
    }
}
