package org.newsroom.syndication;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.newsroom.auth.Caller;
import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ExpectedVersion;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.InputValidation.Violations;
import org.newsroom.graphql.InputValidation;
import org.newsroom.graphql.SchemaOnly;
import org.newsroom.language.Languages;
import org.newsroom.syndication.PartnerInputs.CreateApiKeyInput;
import org.newsroom.syndication.PartnerInputs.CreateApiKeyPayload;
import org.newsroom.syndication.PartnerInputs.CreatePartnerInput;
import org.newsroom.syndication.PartnerInputs.CreatePartnerPayload;
import org.newsroom.syndication.PartnerInputs.RevokeApiKeyInput;
import org.newsroom.syndication.PartnerInputs.RevokeApiKeyPayload;
import org.newsroom.syndication.PartnerInputs.UpdatePartnerEntitlementsInput;
import org.newsroom.syndication.PartnerInputs.UpdatePartnerEntitlementsPayload;

/** Partners, their keys and entitlements: admins only. */
@GraphQLApi
@Transactional
public class PartnerApi {

    @Inject
    Caller caller;

    @Inject
    InputValidation validation;

    @Inject
    CountryCatalog countries;

    @Inject
    PartnerQueries queries;

    @Inject
    ApiKeys keys;

    @Inject
    ChangeFeed feed;

    @Inject
    EntityManager em;

    @Query("partners")
    @Description("Partner newsrooms, oldest first. Admins only.")
    public @NonNull PartnerConnection partners(Integer first, String after) {
        throw SchemaOnly.readByTheEngine("Query.partners");
    }

    @Name("apiKeys")
    @Description("The partner's keys, oldest first, revoked ones included; never the key itself.")
    public List<@NonNull List<@NonNull PartnerApiKey>> apiKeys(@Source List<Partner> partners) {
        throw SchemaOnly.readByTheEngine("Partner.apiKeys");
    }

    @Name("totalCount")
    public List<@NonNull Integer> totalCount(@Source List<PartnerConnection> connections) {
        throw SchemaOnly.readByTheEngine("PartnerConnection.totalCount");
    }

    @Mutation("createPartner")
    @Description("Creates a partner and its first API key, shown once in the payload. Its feed starts with a "
            + "PUBLISHED entry for every article it may pull. Admins only.")
    public @NonNull CreatePartnerPayload createPartner(@NonNull @Name("input") CreatePartnerInput input) {
        caller.requireAdmin();
        validation.check(input);
        Violations violations = new Violations();
        List<String> languages = languages(input.languages, violations);
        List<String> codes = countries.alpha2Codes(input.countries, violations);
        violations.throwIfAny();
        long partnerId = ((Number) em.createNativeQuery("insert into partner (name, languages, countries)"
                + " values (:name, string_to_array(:languages, ','), string_to_array(:countries, ','))"
                + " returning id").setParameter("name", input.name.strip())
                .setParameter("languages", String.join(",", languages)).setParameter("countries", String.join(",", codes))
                .getSingleResult()).longValue();
        ApiKeys.NewKey key = keys.generate();
        long keyId = insertKey(partnerId, key);
        feed.reconcile(partnerId);
        return new CreatePartnerPayload(input.clientMutationId, Partner.ofKey(partnerId),
                queries.key(keyId), key.text());
    }

    @Mutation("createApiKey")
    @Description("Adds an API key to a partner, e.g. to rotate keys; shown once in the payload. Admins only.")
    public @NonNull CreateApiKeyPayload createApiKey(@NonNull @Name("input") CreateApiKeyInput input) {
        caller.requireAdmin();
        validation.check(input);
        long partnerId = lockPartner(input.partner, "input.partner");
        ApiKeys.NewKey key = keys.generate();
        long keyId = insertKey(partnerId, key);
        return new CreateApiKeyPayload(input.clientMutationId, queries.key(keyId), key.text());
    }

    @Mutation("revokeApiKey")
    @Description("Revokes an API key: it stops working at once on this replica and within seconds on the "
            + "others. Revoking a revoked key changes nothing. Admins only.")
    public @NonNull RevokeApiKeyPayload revokeApiKey(@NonNull @Name("input") RevokeApiKeyInput input) {
        caller.requireAdmin();
        validation.check(input);
        long keyId = key(input.id, "input.id");
        @SuppressWarnings("unchecked")
        List<byte[]> hashes = em.createNativeQuery("update partner_api_key set revoked_at = coalesce(revoked_at, now())"
                + " where id = :id returning key_hash").setParameter("id", keyId).getResultList();
        if (hashes.isEmpty()) {
            new Violations().add("input.id", "names no API key").throwIfAny();
        }
        keys.forget(hashes.get(0));
        return new RevokeApiKeyPayload(input.clientMutationId, queries.key(keyId));
    }

    @Mutation("updatePartnerEntitlements")
    @Description("Sets what a partner may pull. Articles it may no longer see reach its feed as REVOKED, "
            + "articles it gains as PUBLISHED. Admins only.")
    public @NonNull UpdatePartnerEntitlementsPayload updatePartnerEntitlements(
            @NonNull @Name("input") UpdatePartnerEntitlementsInput input) {
        caller.requireAdmin();
        validation.check(input);
        Violations violations = new Violations();
        List<String> languages = languages(input.languages, violations);
        List<String> codes = countries.alpha2Codes(input.countries, violations);
        violations.throwIfAny();
        long partnerId = lockPartner(input.partner, "input.partner");
        long version = ((Number) em.createNativeQuery("select version from partner where id = :id")
                .setParameter("id", partnerId).getSingleResult()).longValue();
        ExpectedVersion.require("partner", version, input.version);
        em.createNativeQuery("update partner set languages = string_to_array(:languages, ','),"
                + " countries = string_to_array(:countries, ','), version = version + 1 where id = :id")
                .setParameter("languages", String.join(",", languages)).setParameter("countries", String.join(",", codes))
                .setParameter("id", partnerId).executeUpdate();
        feed.reconcile(partnerId);
        return new UpdatePartnerEntitlementsPayload(input.clientMutationId,
                Partner.ofKey(partnerId));
    }

    private long insertKey(long partnerId, ApiKeys.NewKey key) {
        return ((Number) em.createNativeQuery("insert into partner_api_key (partner_id, key_hash, prefix)"
                + " values (:partner, :hash, :prefix) returning id").setParameter("partner", partnerId)
                .setParameter("hash", key.hash()).setParameter("prefix", key.shownPrefix()).getSingleResult())
                .longValue();
    }

    private long lockPartner(String id, String path) {
        long partnerId = key(id, Partner.TYPE, path);
        List<?> found = em.createNativeQuery("select id from partner where id = :id for update")
                .setParameter("id", partnerId).getResultList();
        if (found.isEmpty()) {
            new Violations().add(path, "names no partner").throwIfAny();
        }
        return partnerId;
    }

    private long key(String id, String path) {
        return key(id, PartnerApiKey.TYPE, path);
    }

    private static long key(String id, String type, String path) {
        try {
            return GlobalId.numericKey(id, type);
        } catch (ApiException e) {
            new Violations().add(path, e.getMessage()).throwIfAny();
            throw e;
        }
    }

    /** Normalised BCP-47 tags, each once; bad tags as violations of input.languages[i]. */
    private static List<String> languages(List<String> tags, Violations violations) {
        LinkedHashSet<String> found = new LinkedHashSet<>();
        if (tags != null) {
            for (int i = 0; i < tags.size(); i++) {
                try {
                    found.add(Languages.parse(tags.get(i)).toLanguageTag());
                } catch (ApiException e) {
                    violations.add("input.languages[" + i + "]", e.getMessage());
                }
            }
        }
        return new ArrayList<>(found);
    }
}
