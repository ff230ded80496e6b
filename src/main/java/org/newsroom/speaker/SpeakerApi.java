package org.newsroom.speaker;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.country.Country;
import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.Entities;
import org.newsroom.graphql.Page;
import org.newsroom.graphql.PageArgs;
import org.newsroom.language.RequestLanguage;

import io.smallrye.graphql.api.federation.Resolver;

@GraphQLApi
@Transactional
public class SpeakerApi {

    @Inject
    SpeakerQueries queries;

    @Inject
    CountryCatalog countries;

    @Inject
    RequestLanguage language;

    @Inject
    SpeakerNodes nodes;

    @Resolver
    @Description("Apollo Federation: the speakers a gateway asks for by ID (Query._entities), in order; "
            + "a merged speaker's ID gives the speaker it was merged into.")
    public List<Speaker> speakerEntities(@NonNull @Name("id") List<@NonNull String> ids) {
        return Entities.byGlobalIds(Speaker.TYPE, ids, nodes::load);
    }

    @Query("speakers")
    @Description("Speakers, by Latin name unless orderBy says otherwise.")
    public @NonNull SpeakerConnection speakers(SpeakerFilter filter, SpeakerOrder orderBy,
            Integer first, String after, Integer last, String before) {
        return new SpeakerConnection(queries.speakers(filter, orderBy, new PageArgs(first, after, last, before)));
    }

    @Name("name")
    @Description("The name for a reader of 'lang' (else of the Accept-Language header, else English): "
            + "as originally written when that is the reader's language, in Latin script otherwise.")
    public @NonNull String name(@Source Speaker speaker,
            @Name("lang") @Description("A BCP-47 language tag such as en, ur or ur-PK.") String lang) {
        return Speaker.nameFor(language.resolve(lang), speaker.getNameLanguage(), speaker.getOriginalName(),
                speaker.getLatinName());
    }

    @Name("country")
    @Description("The country the speaker belongs to or speaks for.")
    public List<Country> country(@Source List<Speaker> speakers) {
        // One call per level (a front page has hundreds of speakers), not one call per speaker.
        return speakers.stream()
                .map(speaker -> speaker.countryCode() == null ? null : countries.require(speaker.countryCode()))
                .toList();
    }

    @Name("speakers")
    @Description("Speakers of this country, by Latin name.")
    public List<@NonNull SpeakerConnection> speakersOfCountries(@Source List<Country> countryList,
            Integer first, String after, Integer last, String before) {
        Map<String, Page<Speaker>> pages = queries.speakersOfCountries(
                countryList.stream().map(Country::getCode).toList(), new PageArgs(first, after, last, before));
        return countryList.stream().map(country -> new SpeakerConnection(pages.get(country.getCode()))).toList();
    }

    @Name("totalCount")
    @Description("How many nodes the whole connection has, across all pages.")
    public List<@NonNull Integer> totalCount(@Source List<SpeakerConnection> connections) {
        return connections.stream().map(SpeakerConnection::totalCount).toList();
    }
}
