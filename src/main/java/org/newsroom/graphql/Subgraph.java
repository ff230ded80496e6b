package org.newsroom.graphql;

import org.eclipse.microprofile.graphql.GraphQLApi;

import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;

/**
 * The service is an Apollo Federation 2 subgraph (docs/federation.md): its SDL links the
 * federation specification, so that gateways compose it as Federation 2. Version 2.7 is the first
 * whose directives match all those SmallRye declares (e.g. {@code @override(label:)}); composition
 * refuses the SDL with an older one. The entities are
 * marked where they are defined ({@code @Key} on Article, Statement, Speaker and Country) and
 * resolved by each feature's {@code @Resolver}.
 */
@GraphQLApi
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = @Import(name = "@key"))
public class Subgraph {
}
