package org.newsroom.speaker;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.country.Country;
import org.newsroom.graphql.SchemaOnly;

import io.smallrye.graphql.api.federation.Resolver;

@GraphQLApi
public class SpeakerApi {

    @Resolver
    @Description("Apollo Federation: the speakers a gateway asks for by ID (Query._entities), in order; "
            + "a merged speaker's ID gives the speaker it was merged into.")
    public List<Speaker> speakerEntities(@NonNull @Name("id") List<@NonNull String> ids) {
        throw SchemaOnly.readByTheEngine("Query._entities");
    }

    @Query("speakers")
    @Description("Speakers, by Latin name unless orderBy says otherwise.")
    public @NonNull SpeakerConnection speakers(SpeakerFilter filter, SpeakerOrder orderBy,
            Integer first, String after, Integer last, String before) {
        throw SchemaOnly.readByTheEngine("Query.speakers");
    }

    @Name("name")
    @Description("The name for a reader of 'lang' (else of the Accept-Language header, else English): "
            + "as originally written when that is the reader's language, in Latin script otherwise.")
    public @NonNull String name(@Source Speaker speaker,
            @Name("lang") @Description("A BCP-47 language tag such as en, ur or ur-PK.") String lang) {
        throw SchemaOnly.readByTheEngine("Speaker.name");
    }

    @Name("country")
    @Description("The country the speaker belongs to or speaks for.")
    public List<Country> country(@Source List<Speaker> speakers) {
        throw SchemaOnly.readByTheEngine("Speaker.country");
    }

    @Name("speakers")
    @Description("Speakers of this country, by Latin name.")
    public List<@NonNull SpeakerConnection> speakersOfCountries(@Source List<Country> countryList,
            Integer first, String after, Integer last, String before) {
        throw SchemaOnly.readByTheEngine("Country.speakers");
    }

    @Name("totalCount")
    @Description("How many nodes the whole connection has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<SpeakerConnection> connections) {
        throw SchemaOnly.readByTheEngine("SpeakerConnection.totalCount");
    }
}
