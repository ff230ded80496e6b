package org.newsroom.statement;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.newsroom.auth.Caller;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.NodeLoader;

@ApplicationScoped
public class StatementNodes implements NodeLoader {

    @Inject
    StatementQueries queries;

    @Inject
    Caller caller;

    @Override
    public String type() {
        return Statement.TYPE;
    }

    @Override
    public Map<String, Statement> load(Collection<GlobalId> ids) {
        return queries.byIds(ids.stream().map(GlobalId::numericKey).toList(), caller.isEditor()).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().toString(), Map.Entry::getValue));
    }
}
