package org.newsroom.syndication;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** The inputs and payloads of the partner mutations (Relay style, admins only). */
public final class PartnerInputs {

    private PartnerInputs() {
    }

    @Input("CreatePartnerInput")
    @Description("A new partner and its first API key.")
    public static class CreatePartnerInput {
        public String clientMutationId;
        @NotBlank
        @Size(max = 200)
        public String name;
        @Size(max = 50)
        @Description("BCP-47 tags of the languages it gets; empty or left out: every language.")
        public List<@NotBlank String> languages;
        @Size(max = 250)
        @Description("ISO 3166-1 codes: it gets articles about any of them; empty or left out: all countries.")
        public List<@NotBlank String> countries;
    }

    @Input("UpdatePartnerEntitlementsInput")
    @Description("What a partner may pull from now on. Articles it leaves behind reach it as REVOKED entries, "
            + "articles it gains as PUBLISHED.")
    public static class UpdatePartnerEntitlementsInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String partner;
        @NotNull
        @PositiveOrZero
        @Description("The partner's version last seen; a stale one fails with CONFLICT.")
        public Long version;
        @NotNull
        @Size(max = 50)
        public List<@NotBlank String> languages;
        @NotNull
        @Size(max = 250)
        public List<@NotBlank String> countries;
    }

    @Input("CreateApiKeyInput")
    public static class CreateApiKeyInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String partner;
    }

    @Input("RevokeApiKeyInput")
    public static class RevokeApiKeyInput {
        public String clientMutationId;
        @NotNull
        @Id
        @Description("The ApiKey's id (not the key).")
        public String id;
    }

    @Type("CreatePartnerPayload")
    public record CreatePartnerPayload(String clientMutationId, @NonNull Partner partner, @NonNull PartnerApiKey apiKey,
            @NonNull @Description("The key itself: shown this once, stored only as a hash. Hand it to the partner.")
            String key) {
    }

    @Type("CreateApiKeyPayload")
    public record CreateApiKeyPayload(String clientMutationId, @NonNull PartnerApiKey apiKey,
            @NonNull @Description("The key itself: shown this once, stored only as a hash.") String key) {
    }

    @Type("RevokeApiKeyPayload")
    public record RevokeApiKeyPayload(String clientMutationId, @NonNull PartnerApiKey apiKey) {
    }

    @Type("UpdatePartnerEntitlementsPayload")
    public record UpdatePartnerEntitlementsPayload(String clientMutationId, @NonNull Partner partner) {
    }
}
