package org.newsroom.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Interface;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Interface
@Name("Node")
@Description("An object with a global ID (Relay Global Object Identification): fetch it again with node(id:).")
public interface Node {

    @Id
    @NonNull
    @Description("An opaque ID, the same for the same object in every response.")
    String getId();
}
