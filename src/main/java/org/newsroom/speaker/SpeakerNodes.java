package org.newsroom.speaker;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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
        List<Long> keys = ids.stream().map(GlobalId::numericKey).toList();
        Map<Long, Speaker> found = new HashMap<>(queries.byIds(keys));
        // a merged speaker's ID resolves to the speaker it was merged into
        List<Long> missing = keys.stream().filter(key -> !found.containsKey(key)).toList();
        Map<Long, Long> survivors = queries.survivors(missing);
        if (!survivors.isEmpty()) {
            Map<Long, Speaker> survivorSpeakers = queries.byIds(survivors.values());
            survivors.forEach((merged, survivor) -> {
                Speaker speaker = survivorSpeakers.get(survivor);
                if (speaker != null) {
                    found.put(merged, speaker);
                }
            });
        }
        return found.entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().toString(), Map.Entry::getValue));
    }
}
