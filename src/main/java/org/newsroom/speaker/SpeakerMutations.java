package org.newsroom.speaker;

import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.auth.Caller;

/**
 * The GraphQL write API of speakers: checks that the caller is an editor and hands the input to
 * {@link SpeakerWrites}, which holds the transaction.
 */
@GraphQLApi
public class SpeakerMutations {

    @Inject
    Caller caller;

    @Inject
    SpeakerWrites writes;

    @Input("CreateSpeakerInput")
    public static class CreateSpeakerInput {
        public String clientMutationId;
        @NotNull
        public SpeakerKind kind;
        @NotBlank
        @Size(max = 300)
        @Description("The name as written in the script of the articles that quote the speaker.")
        public String originalName;
        @NotBlank
        @Size(max = 35)
        @Description("BCP-47 language of originalName.")
        public String nameLanguage;
        @NotBlank
        @Size(max = 300)
        @Description("The name in Latin script.")
        public String latinName;
        @Size(max = 300)
        public String role;
        @Size(max = 300)
        public String affiliation;
        @Description("ISO 3166-1 code of the speaker's country.")
        public String country;
        @Pattern(regexp = "Q[1-9][0-9]*", message = "must be a Wikidata item ID such as Q2283")
        public String wikidataQid;
    }

    @Input("UpdateSpeakerInput")
    @Description("Changes to a speaker; fields left out stay as they are, an empty string clears an optional one.")
    public static class UpdateSpeakerInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String id;
        @NotNull
        @PositiveOrZero
        public Long version;
        public SpeakerKind kind;
        @Size(min = 1, max = 300)
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        public String originalName;
        @Size(min = 1, max = 35)
        public String nameLanguage;
        @Size(min = 1, max = 300)
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        public String latinName;
        @Size(max = 300)
        public String role;
        @Size(max = 300)
        public String affiliation;
        public String country;
        @Pattern(regexp = "|Q[1-9][0-9]*", message = "must be a Wikidata item ID such as Q2283")
        public String wikidataQid;
    }

    @Input("MergeSpeakersInput")
    @Description("Two records of one speaker: the merged one's statements move to the survivor, and its ID "
            + "resolves to the survivor from then on.")
    public static class MergeSpeakersInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String survivor;
        @NotNull
        @PositiveOrZero
        public Long survivorVersion;
        @NotNull
        @Id
        public String merged;
        @NotNull
        @PositiveOrZero
        public Long mergedVersion;
    }

    @Type("SpeakerPayload")
    public record SpeakerPayload(String clientMutationId, @NonNull Speaker speaker) {
    }

    @Type("MergeSpeakersPayload")
    public record MergeSpeakersPayload(String clientMutationId, @NonNull Speaker survivor,
            @Id @NonNull String mergedSpeakerId, @NonNull int statementsMoved) {
    }

    @Mutation("createSpeaker")
    public @NonNull SpeakerPayload createSpeaker(@NonNull @Name("input") CreateSpeakerInput input) {
        caller.requireEditor();
        return writes.createSpeaker(input);
    }

    @Mutation("updateSpeaker")
    public @NonNull SpeakerPayload updateSpeaker(@NonNull @Name("input") UpdateSpeakerInput input) {
        caller.requireEditor();
        return writes.updateSpeaker(input);
    }

    @Mutation("mergeSpeakers")
    public @NonNull MergeSpeakersPayload mergeSpeakers(@NonNull @Name("input") MergeSpeakersInput input) {
        return writes.mergeSpeakers(caller.requireEditor(), input);
    }
}
