package org.newsroom.syndication;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.newsroom.auth.Caller;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.NodeLoader;

/** node(id:) for partners: admins only; for anyone else a partner's ID names nothing. */
@ApplicationScoped
public class PartnerNodes implements NodeLoader {

    @Inject
    PartnerQueries queries;

    @Inject
    Caller caller;

    @Override
    public String type() {
        return Partner.TYPE;
    }

    @Override
    public Map<String, Partner> load(Collection<GlobalId> ids) {
        if (!caller.isAdmin()) {
            return Map.of();
        }
        return queries.byIds(ids.stream().map(GlobalId::numericKey).toList()).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().toString(), Map.Entry::getValue));
    }
}
