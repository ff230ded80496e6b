package org.newsroom.country;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.graphql.SchemaOnly;

import io.smallrye.graphql.api.federation.Resolver;

@GraphQLApi
public class CountryApi {

    @Resolver
    @Description("Apollo Federation: the countries a gateway asks for by code (Query._entities), in order; "
            + "null for a code that names none.")
    public List<Country> countryEntities(@NonNull @Name("code") List<@NonNull String> codes) {
        throw SchemaOnly.readByTheEngine("Query._entities");
    }

    @Query("country")
    @Description("A country by ISO 3166-1 alpha-2 or alpha-3 code, in any case; null when there is none.")
    public Country country(@NonNull @Name("code") String code) {
        throw SchemaOnly.readByTheEngine("Query.country");
    }

    @Query("countries")
    @Description("All countries, or those the filter names, ordered by alpha-2 code.")
    public @NonNull CountryConnection countries(CountryFilter filter, Integer first, String after, Integer last,
            String before) {
        throw SchemaOnly.readByTheEngine("Query.countries");
    }

    @Name("name")
    @Description("The country's name from CLDR in the language of 'lang' (BCP-47), else of the "
            + "Accept-Language header, else English.")
    public @NonNull String name(@Source Country country,
            @Name("lang") @Description("A BCP-47 language tag such as en, ur or ur-PK.") String lang) {
        throw SchemaOnly.readByTheEngine("Country.name");
    }

    @Name("totalCount")
    @Description("How many nodes the whole connection has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<CountryConnection> connections) {
        throw SchemaOnly.readByTheEngine("CountryConnection.totalCount");
    }
}
