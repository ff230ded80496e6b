package org.newsroom.speaker;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ExpectedVersion;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.InputValidation;
import org.newsroom.graphql.InputValidation.Violations;
import org.newsroom.language.Languages;
import org.newsroom.speaker.SpeakerMutations.CreateSpeakerInput;
import org.newsroom.speaker.SpeakerMutations.MergeSpeakersInput;
import org.newsroom.speaker.SpeakerMutations.MergeSpeakersPayload;
import org.newsroom.speaker.SpeakerMutations.SpeakerPayload;
import org.newsroom.speaker.SpeakerMutations.UpdateSpeakerInput;
import org.newsroom.visibility.PublicArticles;

/** Creating, changing and merging speakers, each in one transaction (SpeakerMutations checks the editor role). */
@ApplicationScoped
@Transactional
public class SpeakerWrites {

    @Inject
    InputValidation validation;

    @Inject
    SpeakerQueries queries;

    @Inject
    CountryCatalog countries;

    @Inject
    EntityManager em;

    public SpeakerPayload createSpeaker(CreateSpeakerInput input) {
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

    public SpeakerPayload updateSpeaker(UpdateSpeakerInput input) {
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

    public MergeSpeakersPayload mergeSpeakers(String editor, MergeSpeakersInput input) {
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
        ExpectedVersion.require("survivor speaker", survivor.version, input.survivorVersion);
        ExpectedVersion.require("merged speaker", merged.version, input.mergedVersion);

        Instant now = Instant.now();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        // the statements' history: each moved (or dropped) statement keeps its previous version
        em.createNativeQuery("insert into article_revision (article_id, statement_id, kind, version, changed_by, "
                + "changed_at, changed_fields, previous, public) select s.article_id, s.id, case when exists (select 1 "
                + "from statement o where o.speaker_id = :survivor and o.article_id = s.article_id and "
                + "o.paragraph_position = s.paragraph_position and o.start_offset = s.start_offset and o.end_offset = "
                + "s.end_offset) then 'STATEMENT_REMOVED' else 'STATEMENT_UPDATED' end, s.version + 1, :by, :at, "
                + "'{speaker}', to_jsonb(s), " + PublicArticles.PUBLIC + " from statement s join article a on a.id = s.article_id "
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
        return new MergeSpeakersPayload(input.clientMutationId, Speaker.ofKey(survivorId),
                GlobalId.of(Speaker.TYPE, mergedId), moved);
    }

    private SpeakerEntity lockAtVersion(String id, long version) {
        SpeakerEntity speaker = lock(GlobalId.numericKey(id, Speaker.TYPE));
        ExpectedVersion.require("speaker", speaker.version, version);
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

    /** The payload of a written speaker: its fields are read by the read engine once the write commits. */
    private SpeakerPayload payload(String clientMutationId, long speakerId) {
        em.flush();
        return new SpeakerPayload(clientMutationId, Speaker.ofKey(speakerId));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
