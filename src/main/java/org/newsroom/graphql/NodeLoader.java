package org.newsroom.graphql;

import java.util.Collection;
import java.util.Map;

/** Finds the objects of one node type by the keys inside their global IDs; each feature has one. */
public interface NodeLoader {

    String type();

    /** Whether the keys inside this type's IDs are numbers (the loader refuses any other key). */
    default boolean keyedByNumber() {
        return true;
    }

    /** The objects a public reader may see, by key; keys without one are left out. */
    Map<String, ? extends Node> load(Collection<GlobalId> ids);
}
