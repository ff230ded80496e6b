package org.newsroom.speaker;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.NodeLoader;

@ApplicationScoped
public class SpeakerNodes implements NodeLoader {

    @Inject
    SpeakerQueries queries;

    @Override
    public String type() {
        return Speaker.TYPE;
    }

    @Override
    public Map<String, Speaker> load(Collection<GlobalId> ids) {
        return queries.byIds(ids.stream().map(GlobalId::numericKey).toList()).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().toString(), Map.Entry::getValue));
    }
}
