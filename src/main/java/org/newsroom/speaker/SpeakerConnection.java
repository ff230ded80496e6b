package org.newsroom.speaker;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.Connection;
import org.newsroom.graphql.Edge;
import org.newsroom.graphql.Page;

@Type("SpeakerConnection")
public final class SpeakerConnection extends Connection<Speaker, SpeakerConnection.SpeakerEdge> {

    public SpeakerConnection(Page<Speaker> page) {
        super(page);
    }

    @Override
    protected SpeakerEdge edge(Edge<Speaker> edge) {
        return new SpeakerEdge(edge.cursor(), edge.node());
    }

    @Type("SpeakerEdge")
    public record SpeakerEdge(@NonNull String cursor, @NonNull Speaker node) {
    }
}
