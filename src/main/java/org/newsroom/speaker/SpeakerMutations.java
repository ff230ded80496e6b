package org.newsroom.speaker;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
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
import org.newsroom.article.ArticleMutations;
import org.newsroom.article.ArticleQueries;
import org.newsroom.auth.Caller;
import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.InputValidation;
import org.newsroom.graphql.InputValidation.Violations;
import org.newsroom.language.Languages;

/** Creating, changing and merging speakers. Needs the editor role. */
@GraphQLApi
@Transactional
public class SpeakerMutations {

    @Inject
    Caller caller;

    @Inject
    InputValidation validation;

    @Inject
    SpeakerQueries queries;

    @Inject
    CountryCatalog countries;

    @Inject
    EntityManager em;

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
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        Violations violations = new Violations();
        String language = language(input.nameLanguage, "input.nameLanguage", violations);
        String country = country(input.country, violations);
        violations.throwIfAny();
        SpeakerEntity speaker = new SpeakerEntity();
        speaker.kind = input.kind;
        speaker.name = input.originalName.strip();
        speaker.nameLanguage = language;
        speaker.latinName = input.latinName.strip();
        speaker.role = blankToNull(input.role);
        speaker.affiliation = blankToNull(input.affiliation);
        speaker.countryCode = country;
        speaker.wikidataQid = blankToNull(input.wikidataQid);
        speaker.persist();
        return payload(input.clientMutationId, speaker.id);
    }

    @Mutation("updateSpeaker")
    public @NonNull SpeakerPayload updateSpeaker(@NonNull @Name("input") UpdateSpeakerInput input) {
        caller.requireEditor();
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        SpeakerEntity speaker = lockAtVersion(input.id, input.version);
        Violations violations = new Violations();
        String language = input.nameLanguage == null ? speaker.nameLanguage
                : language(input.nameLanguage, "input.nameLanguage", violations);
        String country = input.country == null ? speaker.countryCode
                : input.country.isBlank() ? null : country(input.country, violations);
        violations.throwIfAny();
        if (input.kind != null) {
            speaker.kind = input.kind;
        }
        if (input.originalName != null) {
            speaker.name = input.originalName.strip();
        }
        speaker.nameLanguage = language;
        if (input.latinName != null) {
            speaker.latinName = input.latinName.strip();
        }
        if (input.role != null) {
            speaker.role = blankToNull(input.role);
        }
        if (input.affiliation != null) {
            speaker.affiliation = blankToNull(input.affiliation);
        }
        speaker.countryCode = country;
        if (input.wikidataQid != null) {
            speaker.wikidataQid = blankToNull(input.wikidataQid);
        }
        return payload(input.clientMutationId, speaker.id);
    }

    @Mutation("mergeSpeakers")
    public @NonNull MergeSpeakersPayload mergeSpeakers(@NonNull @Name("input") MergeSpeakersInput input) {
        String editor = caller.requireEditor();
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        long survivorId = GlobalId.numericKey(input.survivor, Speaker.TYPE);
        long mergedId = GlobalId.numericKey(input.merged, Speaker.TYPE);
        if (survivorId == mergedId) {
            new Violations().add("input.merged", "must name another speaker than input.survivor").throwIfAny();
        }
        // lock both in id order, so that two merges of the same pair cannot deadlock
        SpeakerEntity first = lock(Math.min(survivorId, mergedId));
        SpeakerEntity second = lock(Math.max(survivorId, mergedId));
        SpeakerEntity survivor = first.id == survivorId ? first : second;
        SpeakerEntity merged = first.id == mergedId ? first : second;
        ArticleMutations.requireVersion("survivor speaker", survivor.version, input.survivorVersion);
        ArticleMutations.requireVersion("merged speaker", merged.version, input.mergedVersion);

        Instant now = Instant.now();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        // the statements' history: each moved (or dropped) statement keeps its previous version
        em.createNativeQuery("insert into article_revision (article_id, statement_id, kind, version, changed_by, "
                + "changed_at, changed_fields, previous, public) select s.article_id, s.id, case when exists (select 1 "
                + "from statement o where o.speaker_id = :survivor and o.article_id = s.article_id and "
                + "o.paragraph_position = s.paragraph_position and o.start_offset = s.start_offset and o.end_offset = "
                + "s.end_offset) then 'STATEMENT_REMOVED' else 'STATEMENT_UPDATED' end, s.version + 1, :by, :at, "
                + "'{speaker}', to_jsonb(s), " + ArticleQueries.PUBLIC + " from statement s join article a on a.id = s.article_id "
                + "where s.speaker_id = :merged")
                .setParameter("merged", mergedId).setParameter("survivor", survivorId).setParameter("by", editor)
                .setParameter("at", at).executeUpdate();
        // a statement the survivor already has at the same place is the same statement: drop the duplicate
        em.createNativeQuery("delete from statement d where d.speaker_id = :merged and exists (select 1 from statement s "
                + "where s.speaker_id = :survivor and s.article_id = d.article_id and s.paragraph_position = "
                + "d.paragraph_position and s.start_offset = d.start_offset and s.end_offset = d.end_offset)")
                .setParameter("merged", mergedId).setParameter("survivor", survivorId).executeUpdate();
        int moved = em.createNativeQuery("update statement set speaker_id = :survivor, version = version + 1 "
                + "where speaker_id = :merged").setParameter("merged", mergedId).setParameter("survivor", survivorId)
                .executeUpdate();
        // earlier merges into the merged speaker now point at the survivor too
        em.createNativeQuery("update speaker_merge set survivor_id = :survivor where survivor_id = :merged")
                .setParameter("merged", mergedId).setParameter("survivor", survivorId).executeUpdate();
        em.createNativeQuery("insert into speaker_merge (merged_id, survivor_id, merged_at, merged_by) "
                + "values (:merged, :survivor, :at, :by)")
                .setParameter("merged", mergedId).setParameter("survivor", survivorId)
                .setParameter("at", at).setParameter("by", editor)
                .executeUpdate();
        // the merged row goes; what only it knew (Wikidata item, import key) passes to the survivor
        String wikidataQid = merged.wikidataQid;
        String sourceKey = merged.sourceKey;
        em.createNativeQuery("delete from speaker where id = :merged").setParameter("merged", mergedId).executeUpdate();
        em.createNativeQuery("update speaker set version = version + 1, wikidata_qid = coalesce(wikidata_qid, :qid), "
                + "source_key = coalesce(source_key, :sourceKey) where id = :survivor")
                .setParameter("qid", wikidataQid).setParameter("sourceKey", sourceKey)
                .setParameter("survivor", survivorId).executeUpdate();
        em.detach(merged);
        em.detach(survivor);
        return new MergeSpeakersPayload(input.clientMutationId, queries.byIds(List.of(survivorId)).get(survivorId),
                GlobalId.of(Speaker.TYPE, mergedId), moved);
    }

    private SpeakerEntity lockAtVersion(String id, long version) {
        SpeakerEntity speaker = lock(GlobalId.numericKey(id, Speaker.TYPE));
        ArticleMutations.requireVersion("speaker", speaker.version, version);
        return speaker;
    }

    private SpeakerEntity lock(long key) {
        SpeakerEntity speaker = em.find(SpeakerEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (speaker == null) {
            throw ApiException.badInput("There is no speaker with ID '" + GlobalId.of(Speaker.TYPE, key)
                    + "' (a merged speaker cannot be changed: change the survivor).");
        }
        return speaker;
    }

    private String language(String tag, String path, Violations violations) {
        try {
            return Languages.parse(tag).toLanguageTag();
        } catch (ApiException e) {
            violations.add(path, e.getMessage());
            return null;
        }
    }

    private String country(String code, Violations violations) {
        if (code == null || code.isBlank()) {
            return null;
        }
        try {
            return countries.requireCode(code);
        } catch (ApiException e) {
            violations.add("input.country", e.getMessage());
            return null;
        }
    }

    private SpeakerPayload payload(String clientMutationId, long speakerId) {
        em.flush();
        return new SpeakerPayload(clientMutationId, queries.byIds(List.of(speakerId)).get(speakerId));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
